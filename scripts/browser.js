#!/usr/bin/env node
'use strict';
// The editor test in a real browser (test/browser): installs the pinned n8n runtime if missing,
// builds, then runs the jest suite, which starts n8n with the packed package and drives Debian's
// Chromium through it. Extra arguments go to jest.
//   node scripts/browser.js            # screenshots in .tmp/browser-screenshots/
//   node scripts/browser.js --docs     # the same run; screenshots replace docs/*.png (README)
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT } = require('./lib/paths');
const { ensureRuntime } = require('./lib/runtime');
const { ensureBuilt } = require('./lib/package');
const { chromiumPath } = require('../test/browser/chromium');

async function main() {
	const args = process.argv.slice(2);
	const docs = args.includes('--docs');
	const browser = chromiumPath();
	const runtime = await ensureRuntime();
	await ensureBuilt();
	console.log(
		`Editor test in a real browser: ${browser} against n8n ${runtime.n8nVersion}${docs ? '; screenshots go to docs/' : ''}.`,
	);
	const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const result = spawnSync(
		process.execPath,
		[
			jest,
			'-c',
			path.join(ROOT, 'test', 'browser', 'jest.config.js'),
			...args.filter((arg) => arg !== '--docs'),
		],
		{
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, ...(docs ? { DGRID_SCREENSHOT_DIR: 'docs' } : {}) },
		},
	);
	process.exitCode = result.status ?? 1;
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
