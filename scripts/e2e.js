#!/usr/bin/env node
'use strict';
// End-to-end tests in real n8n: installs the pinned n8n runtimes if missing (n8n 2.x on Node 24,
// n8n 1.x on Node 20; with visible progress), then runs the jest suite in test/e2e/ (its global
// setup builds and packs the package). Extra arguments go to jest, e.g.
// `node scripts/e2e.js -t 06-chat` or `node scripts/e2e.js test/e2e/queue-mode`.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT } = require('./lib/paths');
const { ensureRuntimes } = require('./lib/runtime');

async function main() {
	const started = Date.now();
	const runtimes = await ensureRuntimes();
	for (const runtime of runtimes) {
		console.log(
			`Real-n8n end-to-end tests: n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} (${runtime.installed ? `installed in ${runtime.seconds.toFixed(0)} s` : 'already installed'}).`,
		);
	}
	const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const suiteStarted = Date.now();
	const result = spawnSync(
		process.execPath,
		[jest, '-c', path.join(ROOT, 'test', 'e2e', 'jest.config.js'), ...process.argv.slice(2)],
		{
			cwd: ROOT,
			stdio: 'inherit',
		},
	);
	const seconds = (from, to) => ((to - from) / 1000).toFixed(0);
	console.log(
		`End-to-end: runtimes ready in ${seconds(started, suiteStarted)} s, suite ran ${seconds(suiteStarted, Date.now())} s.`,
	);
	process.exitCode = result.status ?? 1;
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
