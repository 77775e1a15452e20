#!/usr/bin/env node
'use strict';
// End-to-end tests in a real n8n: installs the pinned n8n runtime if missing (with visible
// progress), then runs the jest suite in test/e2e/ (its global setup builds and packs the
// package). Extra arguments go to jest, e.g. `node scripts/e2e.js -t 06-chat`.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT } = require('./lib/paths');
const { ensureRuntime } = require('./lib/runtime');

async function main() {
	const runtime = await ensureRuntime();
	console.log(`Real-n8n end-to-end tests: n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} (runtime ${runtime.installed ? `installed in ${runtime.seconds.toFixed(0)} s` : 'already installed'}).`);
	const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const result = spawnSync(process.execPath, [jest, '-c', path.join(ROOT, 'test', 'e2e', 'jest.config.js'), ...process.argv.slice(2)], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	process.exitCode = result.status ?? 1;
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
