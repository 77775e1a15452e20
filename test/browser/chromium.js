// Debian's Chromium driven by playwright-core (no browser download: playwright-core has none).
// `npm test` installs it (scripts/lib/systemPackages.js); DGRID_CHROMIUM points elsewhere.
const fs = require('node:fs');
const path = require('node:path');

const { chromium } = require('playwright-core');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function chromiumPath() {
	const configured = process.env.DGRID_CHROMIUM;
	if (configured) {
		if (!fs.existsSync(configured)) throw new Error(`DGRID_CHROMIUM=${configured} does not exist`);
		return configured;
	}
	const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
	if (!found) {
		throw new Error(
			`No Chromium found (looked at ${CANDIDATES.join(', ')}). Install Debian's: apt-get install -y chromium ` +
				'(or set DGRID_CHROMIUM to a Chrome/Chromium binary).',
		);
	}
	return found;
}

/**
 * Headless, with a fresh profile. The flags keep Chromium off the network it has no business
 * with (updates, sync, background fetches), which a closed machine would refuse many times.
 */
async function launchChromium(profileDir) {
	fs.mkdirSync(profileDir, { recursive: true });
	const context = await chromium.launchPersistentContext(path.resolve(profileDir), {
		executablePath: chromiumPath(),
		headless: true,
		viewport: { width: 1280, height: 800 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return { context, page };
}

module.exports = { launchChromium, chromiumPath };
