'use strict';
// Where things live. Everything the scripts create stays inside the repository (gitignored
// folders) or in the system temp directory, so a clone can be deleted without leftovers.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const RUNTIME_DIR = path.join(ROOT, '.n8n-runtime');

module.exports = {
	ROOT,
	RUNTIME_DIR,
	RUNTIME_BIN: path.join(RUNTIME_DIR, 'node_modules', '.bin'),
	N8N_BIN: path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
	EXAMPLES_DIR: path.join(ROOT, 'examples'),
	DEMO_OUTPUT_DIR: path.join(ROOT, 'demo-output'),
	/** Scratch space of the scripts (gitignored): packed tarballs, the dev user folder. */
	TMP_DIR: path.join(ROOT, '.tmp'),
	GATEWAY_BUILD_DIR: path.join(ROOT, '.build', 'gateway'),
};
