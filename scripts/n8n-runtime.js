#!/usr/bin/env node
'use strict';
// Installs the pinned real n8n into .n8n-runtime/ if it is missing or outdated; a no-op
// (milliseconds) when it is already installed. `--force` reinstalls.
const { ensureRuntime } = require('./lib/runtime');

ensureRuntime({ force: process.argv.includes('--force') }).then(
	(result) => {
		if (!result.installed) {
			console.log(`n8n ${result.n8nVersion} on Node ${result.nodeVersion} already installed in .n8n-runtime/ (checked in ${result.seconds.toFixed(2)} s).`);
		}
	},
	(error) => {
		console.error(error.message);
		process.exit(1);
	},
);
