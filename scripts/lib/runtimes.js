'use strict';
// The real n8n versions the scripts can run, each pinned in a folder of its own with its own
// package.json and committed lockfile, and the Node it runs on installed beside it (the npm
// `node` package), so "n8n 1.123.81 on Node 20" holds whatever Node runs the scripts.
//   2 → .n8n-runtime/     n8n 2.41.1 on Node 24 (the default)
//   1 → .n8n-runtime-1x/  n8n 1.123.81 on Node 20 (the 1.x line many self-hosted users run)
// Scripts pick one with DGRID_N8N=1 or 2 (e.g. `DGRID_N8N=1 npm run dev`).
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('./paths');

const EXE = process.platform === 'win32' ? '.cmd' : '';

function describe(major, folder, { nodeMajor, binaryDataFolder, env = {} }) {
	const dir = path.join(ROOT, folder);
	const modules = path.join(dir, 'node_modules');
	const bin = path.join(modules, '.bin');
	return {
		major,
		folder,
		dir,
		bin,
		n8nBin: path.join(modules, 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(bin, `node${EXE}`),
		sqliteBinding: path.join(modules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
		stamp: path.join(modules, '.dgrid-runtime-stamp.json'),
		/** Major version of the Node the runtime's package.json pins for n8n's processes. */
		nodeMajor,
		/** Settings every n8n process of this version needs. */
		env,
		/** Where filesystem-mode binaries live, under `<user folder>/.n8n/`. */
		binaryDataFolder,
		/** The n8n version pinned in the runtime's package.json. */
		pinnedVersion() {
			return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.n8n;
		},
		/** A file of n8n's own dependencies (e.g. `flatted`), resolved inside this runtime. */
		resolve(request) {
			return require.resolve(request, { paths: [path.join(modules, 'n8n'), modules] });
		},
	};
}

const RUNTIMES = {
	2: describe(2, '.n8n-runtime', { nodeMajor: 24, binaryDataFolder: 'storage' }),
	// n8n 1.x evaluates expressions with isolated-vm by default, which has no build for Node 20
	// here; its legacy engine is the one 1.x shipped with for years.
	1: describe(1, '.n8n-runtime-1x', {
		nodeMajor: 20,
		binaryDataFolder: 'binaryData',
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	}),
};

const DEFAULT_N8N_MAJOR = 2;

/** The runtime of n8n `major` (1 or 2); without one, DGRID_N8N's or the default. */
function getRuntime(major = process.env.DGRID_N8N || DEFAULT_N8N_MAJOR) {
	const runtime = RUNTIMES[String(major).replace(/\.x$/i, '')];
	if (!runtime)
		throw new Error(
			`No pinned n8n ${major}: use one of ${Object.keys(RUNTIMES).join(', ')} (DGRID_N8N)`,
		);
	return runtime;
}

/** Every runtime, newest first. */
const allRuntimes = () => Object.values(RUNTIMES).sort((a, b) => b.major - a.major);

module.exports = { getRuntime, allRuntimes, DEFAULT_N8N_MAJOR };
