'use strict';
// Installing a pinned real n8n (see runtimes.js) from its own committed lockfile, with the Node
// it runs on. Idempotent: a stamp written after a verified install lets the next call return in
// milliseconds; any change to the runtime's package.json / lockfile / .npmrc reinstalls.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { TMP_DIR } = require('./paths');
const { NPM, runChecked } = require('./proc');
const { getRuntime, allRuntimes } = require('./runtimes');

function runtimeFingerprint(runtime) {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(runtime.dir, file);
		hash.update(file);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	hash.update(`${process.platform}-${process.arch}`);
	return hash.digest('hex');
}

/** The n8n version pinned in a runtime's package.json (default: the default runtime). */
function pinnedN8nVersion(runtime = getRuntime()) {
	return runtime.pinnedVersion();
}

function readStamp(runtime) {
	try {
		return JSON.parse(fs.readFileSync(runtime.stamp, 'utf8'));
	} catch {
		return undefined;
	}
}

function looksInstalled(runtime) {
	const stamp = readStamp(runtime);
	return (
		stamp !== undefined &&
		stamp.fingerprint === runtimeFingerprint(runtime) &&
		[runtime.n8nBin, runtime.nodeBin, runtime.sqliteBinding].every((file) => fs.existsSync(file))
	);
}

/**
 * npm's own environment minus what an outer `npm run` injected (its config would otherwise
 * leak into the runtime install, e.g. the root .npmrc's settings). The runtime folder has its
 * own .npmrc.
 */
function npmEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^npm_/i.test(key) &&
			!/^npm_config_(cache|registry|userconfig|nodedir|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i.test(
				key,
			)
		)
			continue;
		env[key] = value;
	}
	// sqlite3 is compiled from source (its prebuilt binaries live on GitHub): point node-gyp at
	// the running Node's own headers when they are installed, so no header download is needed.
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (
		!env.npm_config_nodedir &&
		fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
	) {
		env.npm_config_nodedir = prefix;
	}
	return env;
}

/** PATH for n8n's processes: the runtime's bin folder (its Node, n8n) first. */
function n8nProcessPathEnv(base = process.env, runtime = getRuntime()) {
	const key = Object.keys(base).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
	return { ...base, [key]: `${runtime.bin}${path.delimiter}${base[key] ?? ''}` };
}

async function verify(runtime) {
	const nodeVersion = (await runChecked(runtime.nodeBin, ['--version'])).stdout.trim();
	if (!nodeVersion.startsWith(`v${runtime.nodeMajor}.`)) {
		throw new Error(
			`${runtime.folder}'s Node is ${nodeVersion}; it pins Node ${runtime.nodeMajor} for n8n ${pinnedN8nVersion(runtime)}`,
		);
	}
	// The N-API build made with this machine's Node must load under the runtime's Node.
	await runChecked(runtime.nodeBin, ['-e', "require('sqlite3')"], { cwd: runtime.dir });
	const n8nVersion = (
		await runChecked(runtime.nodeBin, [runtime.n8nBin, '--version'], {
			cwd: runtime.dir,
			env: n8nProcessPathEnv(process.env, runtime),
		})
	).stdout.trim();
	if (n8nVersion !== pinnedN8nVersion(runtime))
		throw new Error(`installed n8n is ${n8nVersion}, pinned is ${pinnedN8nVersion(runtime)}`);
	return { nodeVersion, n8nVersion };
}

const LOCK = path.join(TMP_DIR, 'n8n-runtime-install.lock');

/**
 * One installer at a time (`npm run demo` and `npm test` started together on a fresh clone;
 * two runtimes never install at once on a small machine): mkdir is atomic; a lock older than
 * 30 minutes is left over from a killed run.
 */
async function withInstallLock(log, fn) {
	for (let waited = 0; ; waited++) {
		try {
			fs.mkdirSync(TMP_DIR, { recursive: true });
			fs.mkdirSync(LOCK);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let age = 0;
			try {
				age = Date.now() - fs.statSync(LOCK).mtimeMs;
			} catch {
				continue; // released between our mkdir and stat
			}
			if (age > 30 * 60 * 1000) {
				fs.rmSync(LOCK, { recursive: true, force: true });
				continue;
			}
			if (waited === 0) log('Another process is installing an n8n runtime; waiting for it…');
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(LOCK, { recursive: true, force: true });
	}
}

/**
 * Makes sure a runtime (default: the default one, see runtimes.js) is installed and working.
 * Returns {installed: boolean, seconds, nodeVersion?, n8nVersion?, major, folder}; `log`
 * receives progress lines.
 */
async function ensureRuntime({ log = console.log, force = false, runtime = getRuntime() } = {}) {
	const started = Date.now();
	const ready = () => ({
		installed: false,
		seconds: (Date.now() - started) / 1000,
		...readStamp(runtime),
		major: runtime.major,
		folder: runtime.folder,
	});
	if (!force && looksInstalled(runtime)) return ready();
	return await withInstallLock(log, async () => {
		// Installed by the process we waited for?
		if (!force && looksInstalled(runtime)) return ready();
		return await install({ log, started, runtime });
	});
}

/** ensureRuntime for several runtimes (default: all), one after the other. */
async function ensureRuntimes({ log = console.log, force = false, runtimes = allRuntimes() } = {}) {
	const results = [];
	for (const runtime of runtimes) results.push(await ensureRuntime({ log, force, runtime }));
	return results;
}

async function install({ log, started, runtime }) {
	const env = npmEnv();
	const hasLock = fs.existsSync(path.join(runtime.dir, 'package-lock.json'));
	log(
		`Installing n8n ${pinnedN8nVersion(runtime)} into ${runtime.folder}/ (${hasLock ? 'npm ci from the committed lockfile' : 'npm install'}; a few minutes the first time)…`,
	);
	fs.rmSync(runtime.stamp, { force: true });
	const flags = [
		'--legacy-peer-deps',
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
	];
	await runChecked(NPM, [hasLock ? 'ci' : 'install', ...flags], {
		cwd: runtime.dir,
		env,
		echo: true,
	});
	// Only two install scripts are needed: sqlite3's native build (with this machine's Node;
	// N-API, so it loads under the runtime's Node too) and the `node` package's, which fetches
	// the platform's Node binary from the npm registry.
	log(
		`Building sqlite3 and fetching Node ${runtime.nodeMajor} for n8n (npm rebuild sqlite3 node)…`,
	);
	await runChecked(
		NPM,
		['rebuild', 'sqlite3', 'node', '--ignore-scripts=false', '--loglevel=error'],
		{ cwd: runtime.dir, env },
	);
	const versions = await verify(runtime);
	const stamp = {
		fingerprint: runtimeFingerprint(runtime),
		...versions,
		installedAt: new Date().toISOString(),
	};
	fs.writeFileSync(runtime.stamp, JSON.stringify(stamp, null, 2));
	const seconds = (Date.now() - started) / 1000;
	log(
		`n8n ${versions.n8nVersion} on Node ${versions.nodeVersion} ready in ${runtime.folder}/ (${seconds.toFixed(0)} s).`,
	);
	return { installed: true, seconds, ...stamp, major: runtime.major, folder: runtime.folder };
}

/** Node 24 of the default (n8n 2.x) runtime. Kept for older callers; prefer runtime.nodeBin. */
const NODE24 = getRuntime(2).nodeBin;

module.exports = { ensureRuntime, ensureRuntimes, n8nProcessPathEnv, pinnedN8nVersion, NODE24 };
