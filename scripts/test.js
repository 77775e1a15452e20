#!/usr/bin/env node
'use strict';
// npm test — the whole test suite, on a fresh clone too:
//   0. Debian's packages the later steps need, when missing: redis-server (queue mode, step 4) and
//      chromium (step 5), with apt-get (sudo when not root; scripts/lib/systemPackages.js)
//   1. dev dependencies (npm ci when missing) and the build (dist/ is what n8n loads)
//   2. unit + engine tests (jest: test/unit, test/engine, test/harness, test/gateway: the suites of the test tools in test/tools)
//   3. package checks (tarball contents, n8n's community package scanner)
//   4. end-to-end tests in real n8n 2.x and 1.x, also queue mode (installs the pinned runtimes when missing)
//   5. the editor in a real browser (Debian's Chromium against the real n8n editor)
// Stops at the first failing step. Extra arguments go to the jest run of step 2.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT } = require('./lib/paths');
const { NPM } = require('./lib/proc');
const { ensureDevDependencies } = require('./lib/devDependencies');
const { ensureSystemPackages } = require('./lib/systemPackages');

function step(name, command, args) {
	const started = Date.now();
	console.log(`\n=== ${name}`);
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
	const seconds = ((Date.now() - started) / 1000).toFixed(0);
	if (result.status !== 0) {
		console.error(`\n=== ${name} FAILED after ${seconds} s`);
		process.exit(result.status ?? 1);
	}
	console.log(`=== ${name}: passed in ${seconds} s`);
}

async function main() {
	// First, so a password prompt or a missing package shows up now, not after the long steps.
	console.log('\n=== system packages (redis-server for queue mode, chromium for the browser test)');
	ensureSystemPackages(['redis-server', 'chromium']);
	await ensureDevDependencies();
	step('build', NPM, ['run', 'build', '--silent']);
	step('unit and engine tests (jest)', process.execPath, [
		path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
		...process.argv.slice(2),
	]);
	step('package checks', process.execPath, [path.join(ROOT, 'scripts', 'check-package.mjs')]);
	step('end-to-end tests in a real n8n', process.execPath, [path.join(ROOT, 'scripts', 'e2e.js')]);
	step('the editor in a real browser', process.execPath, [
		path.join(ROOT, 'scripts', 'browser.js'),
	]);
	console.log('\nAll tests passed.');
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
