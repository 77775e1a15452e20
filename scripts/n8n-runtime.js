#!/usr/bin/env node
'use strict';
// Installs the pinned real n8n runtimes (.n8n-runtime/ = n8n 2.x, .n8n-runtime-1x/ = n8n 1.x)
// that are missing or outdated; a no-op (milliseconds) for those already installed.
//   npm run n8n:install                 # both
//   npm run n8n:install -- --n8n=1      # only n8n 1.x (or --n8n=2)
//   npm run n8n:install -- --force      # reinstall
const { ensureRuntimes } = require('./lib/runtime');
const { allRuntimes, getRuntime } = require('./lib/runtimes');

const only = process.argv.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);

ensureRuntimes({
	force: process.argv.includes('--force'),
	runtimes: only ? [getRuntime(only)] : allRuntimes(),
}).then(
	(results) => {
		for (const result of results.filter((r) => !r.installed)) {
			console.log(
				`n8n ${result.n8nVersion} on Node ${result.nodeVersion} already installed in ${result.folder}/ (checked in ${result.seconds.toFixed(2)} s).`,
			);
		}
	},
	(error) => {
		console.error(error.message);
		process.exit(1);
	},
);
