'use strict';
// The package as users get it: built, `npm pack`ed, and installed into an n8n user folder the
// way n8n's own community-package installer does it (n8n 2.x: tarball unpacked into
// ~/.n8n/nodes/node_modules/<name>, dev/peer/optional dependencies stripped from its
// package.json, `npm install` inside it, ~/.n8n/nodes/package.json listing it).
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, TMP_DIR } = require('./paths');
const { NPM, runChecked } = require('./proc');

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function newestMtime(dir) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		const time = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
		if (time > newest) newest = time;
	}
	return newest;
}

/** Builds dist/ when it is missing or older than any source file. */
async function ensureBuilt({ log = console.log, force = false } = {}) {
	const sources = Math.max(
		newestMtime(path.join(ROOT, 'nodes')),
		newestMtime(path.join(ROOT, 'credentials')),
		fs.statSync(path.join(ROOT, 'package.json')).mtimeMs,
	);
	const dist = path.join(ROOT, 'dist');
	const entries = (PACKAGE.n8n.nodes ?? [])
		.concat(PACKAGE.n8n.credentials ?? [])
		.map((file) => path.join(ROOT, file));
	const complete = entries.every((file) => fs.existsSync(file));
	if (!force && complete && newestMtime(dist) >= sources) return false;
	log('Building the package (npm run build)…');
	await runChecked(NPM, ['run', 'build', '--silent'], { cwd: ROOT });
	return true;
}

/** `npm pack` into .tmp/pack/; returns the tarball's absolute path. */
async function packPackage() {
	const dest = path.join(TMP_DIR, 'pack');
	fs.mkdirSync(dest, { recursive: true });
	const { stdout } = await runChecked(
		NPM,
		['pack', '--json', '--pack-destination', dest, '--loglevel=error'],
		{ cwd: ROOT },
	);
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(dest, info.filename);
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes` as n8n's installer does. The node
 * type then is `<package name>.<node name>`, e.g. `n8n-nodes-dgrid.dgridImages`.
 */
async function installIntoN8n(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE.name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await runChecked('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	await runChecked(
		NPM,
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir },
	);
	const listPath = path.join(nodesDir, 'package.json');
	const list = fs.existsSync(listPath)
		? JSON.parse(fs.readFileSync(listPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies = { ...list.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
	return { packageDir, name: manifest.name, version: manifest.version };
}

module.exports = { PACKAGE, ensureBuilt, packPackage, installIntoN8n };
