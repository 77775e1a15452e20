// End-to-end tests in a real n8n (the pinned one in .n8n-runtime/): the packed package
// installed as a community package, workflows run with the n8n CLI against the test gateway.
// Run through `node scripts/e2e.js` (installs the runtime first); plain JavaScript, no transform.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.js'],
	testEnvironment: 'node',
	transform: {},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	// Each file drives its own n8n processes and gateway; two files at a time on two cores.
	maxWorkers: 2,
	testTimeout: 180000,
	slowTestThreshold: 60,
};
