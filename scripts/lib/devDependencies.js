'use strict';
// The package's own dev install (TypeScript, jest, gulp, n8n-core…): `npm ci` when node_modules
// is missing or older than the lockfile, so `npm run demo` / `npm test` work on a fresh clone.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('./paths');
const { NPM, runChecked } = require('./proc');

async function ensureDevDependencies({ log = console.log } = {}) {
	const installedLock = path.join(ROOT, 'node_modules', '.package-lock.json');
	const lockfile = path.join(ROOT, 'package-lock.json');
	const upToDate =
		fs.existsSync(installedLock) &&
		fs.statSync(installedLock).mtimeMs >= fs.statSync(lockfile).mtimeMs;
	if (upToDate) return false;
	log("Installing the package's dev dependencies (npm ci)…");
	await runChecked(NPM, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: ROOT,
		echo: true,
	});
	return true;
}

module.exports = { ensureDevDependencies };
