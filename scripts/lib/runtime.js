'use strict';
// The pinned real n8n (and the Node 24 it needs) in .n8n-runtime/, installed from its own
// committed lockfile. Idempotent: a stamp written after a verified install lets the next call
// return in milliseconds; any change to the runtime's package.json / lockfile reinstalls.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { RUNTIME_DIR, RUNTIME_BIN, N8N_BIN, TMP_DIR } = require('./paths');
const { NPM, runChecked } = require('./proc');

const STAMP = path.join(RUNTIME_DIR, 'node_modules', '.dgrid-runtime-stamp.json');
const NODE24 = path.join(RUNTIME_BIN, process.platform === 'win32' ? 'node.cmd' : 'node');
const SQLITE_BINDING = path.join(RUNTIME_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

function runtimeFingerprint() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(RUNTIME_DIR, file);
		hash.update(file);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	hash.update(`${process.platform}-${process.arch}`);
	return hash.digest('hex');
}

function pinnedN8nVersion() {
	return JSON.parse(fs.readFileSync(path.join(RUNTIME_DIR, 'package.json'), 'utf8')).dependencies.n8n;
}

function readStamp() {
	try {
		return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
	} catch {
		return undefined;
	}
}

function looksInstalled() {
	const stamp = readStamp();
	return (
		stamp !== undefined &&
		stamp.fingerprint === runtimeFingerprint() &&
		fs.existsSync(N8N_BIN) &&
		fs.existsSync(NODE24) &&
		fs.existsSync(SQLITE_BINDING)
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
		if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig|nodedir|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i.test(key)) continue;
		env[key] = value;
	}
	// sqlite3 is compiled from source (its prebuilt binaries live on GitHub): point node-gyp at
	// the running Node's own headers when they are installed, so no header download is needed.
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
		env.npm_config_nodedir = prefix;
	}
	return env;
}

async function verify() {
	const nodeVersion = (await runChecked(NODE24, ['--version'])).stdout.trim();
	if (!/^v2[4-9]\./.test(nodeVersion)) throw new Error(`.n8n-runtime's Node is ${nodeVersion}; n8n ${pinnedN8nVersion()} needs Node 24+`);
	// The N-API build made with this machine's Node must load under the runtime's Node 24.
	await runChecked(NODE24, ['-e', "require('sqlite3')"], { cwd: RUNTIME_DIR });
	const n8nVersion = (await runChecked(NODE24, [N8N_BIN, '--version'], { cwd: RUNTIME_DIR, env: n8nProcessPathEnv() })).stdout.trim();
	if (n8nVersion !== pinnedN8nVersion()) throw new Error(`installed n8n is ${n8nVersion}, pinned is ${pinnedN8nVersion()}`);
	return { nodeVersion, n8nVersion };
}

/** PATH for n8n's processes: the runtime's bin folder (Node 24, n8n) first. */
function n8nProcessPathEnv(base = process.env) {
	const key = Object.keys(base).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
	return { ...base, [key]: `${RUNTIME_BIN}${path.delimiter}${base[key] ?? ''}` };
}

const LOCK = path.join(TMP_DIR, 'n8n-runtime-install.lock');

/**
 * One installer at a time (`npm run demo` and `npm test` started together on a fresh clone):
 * mkdir is atomic; a lock older than 30 minutes is left over from a killed run.
 */
async function withInstallLock(log, fn) {
	for (let waited = 0; ; waited++) {
		try {
			fs.mkdirSync(TMP_DIR, { recursive: true });
			fs.mkdirSync(LOCK);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const age = Date.now() - fs.statSync(LOCK).mtimeMs;
			if (age > 30 * 60 * 1000) {
				fs.rmSync(LOCK, { recursive: true, force: true });
				continue;
			}
			if (waited === 0) log('Another process is installing the n8n runtime; waiting for it…');
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
 * Makes sure the runtime is installed and working. Returns {installed: boolean, seconds,
 * nodeVersion?, n8nVersion?}; `log` receives progress lines.
 */
async function ensureRuntime({ log = console.log, force = false } = {}) {
	const started = Date.now();
	if (!force && looksInstalled()) {
		return { installed: false, seconds: (Date.now() - started) / 1000, ...readStamp() };
	}
	return await withInstallLock(log, async () => {
		// Installed by the process we waited for?
		if (!force && looksInstalled()) {
			return { installed: false, seconds: (Date.now() - started) / 1000, ...readStamp() };
		}
		return await install({ log, started });
	});
}

async function install({ log, started }) {
	const env = npmEnv();
	const hasLock = fs.existsSync(path.join(RUNTIME_DIR, 'package-lock.json'));
	log(`Installing n8n ${pinnedN8nVersion()} into .n8n-runtime/ (${hasLock ? 'npm ci from the committed lockfile' : 'npm install'}; a few minutes the first time)…`);
	fs.rmSync(STAMP, { force: true });
	const flags = ['--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
	await runChecked(NPM, [hasLock ? 'ci' : 'install', ...flags], { cwd: RUNTIME_DIR, env, echo: true });
	// Only two install scripts are needed: sqlite3's native build (with this machine's Node;
	// N-API, so it loads under Node 24 too) and the `node` package's, which fetches the
	// platform's Node binary from the npm registry.
	log('Building sqlite3 and fetching Node 24 for n8n (npm rebuild sqlite3 node)…');
	await runChecked(NPM, ['rebuild', 'sqlite3', 'node', '--ignore-scripts=false', '--loglevel=error'], { cwd: RUNTIME_DIR, env });
	const versions = await verify();
	const stamp = { fingerprint: runtimeFingerprint(), ...versions, installedAt: new Date().toISOString() };
	fs.writeFileSync(STAMP, JSON.stringify(stamp, null, 2));
	const seconds = (Date.now() - started) / 1000;
	log(`n8n ${versions.n8nVersion} on Node ${versions.nodeVersion} ready in .n8n-runtime/ (${seconds.toFixed(0)} s).`);
	return { installed: true, seconds, ...stamp };
}

module.exports = { ensureRuntime, n8nProcessPathEnv, pinnedN8nVersion, NODE24 };
