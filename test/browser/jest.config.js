// The editor in a real browser: Debian's Chromium (playwright-core) against the pinned real n8n
// (.n8n-runtime/) with the packed package installed. Run through `node scripts/browser.js`
// (installs the runtime and builds first); plain JavaScript, no transform, one file at a time.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.js'],
	testEnvironment: 'node',
	transform: {},
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 60,
};
