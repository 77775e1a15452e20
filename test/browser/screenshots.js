// Screenshots of the browser test: always under .tmp/browser-screenshots/ (look at them after a
// failure); `npm run docs:screenshots` sets DGRID_SCREENSHOT_DIR=docs to refresh the README's.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, TMP_DIR } = require('../../scripts/lib/paths');
const { dismissToasts } = require('./editorPage');

const SCREENSHOT_DIR = path.resolve(
	ROOT,
	process.env.DGRID_SCREENSHOT_DIR || path.join(TMP_DIR, 'browser-screenshots'),
);

/**
 * Saves `<name>.png` of the page, or of one element when `locator` is given, with n8n's toasts
 * closed first so they cover nothing.
 */
async function screenshot(page, name, locator) {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	await dismissToasts(page);
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	await (locator ?? page).screenshot({ path: file, animations: 'disabled' });
	return file;
}

module.exports = { screenshot, SCREENSHOT_DIR };
