'use strict';
// The Debian packages `npm test` needs beyond npm's: Redis for n8n's queue mode (end-to-end
// suite) and Chromium for the editor test in a real browser. Installed with apt-get (through
// sudo when not root), saying what is done; what is already there is left alone.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

/** Is `command` on PATH? (`command -v`, as a shell sees it) */
function onPath(command) {
	return spawnSync('sh', ['-c', `command -v "$1" >/dev/null 2>&1`, 'sh', command]).status === 0;
}

// The same places test/browser/chromium.js looks.
const CHROMIUM_CANDIDATES = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
];

/** Debian package → why the tests need it and how to tell it is there (an env override counts). */
const SYSTEM_PACKAGES = {
	'redis-server': {
		why: "n8n's queue mode in the end-to-end suite",
		present: () => Boolean(process.env.DGRID_REDIS_SERVER) || onPath('redis-server'),
	},
	chromium: {
		why: 'the editor test in a real browser',
		present: () =>
			Boolean(process.env.DGRID_CHROMIUM) ||
			CHROMIUM_CANDIDATES.some((candidate) => fs.existsSync(candidate)),
	},
};

const APT_INSTALL = (packages) => [
	'apt-get',
	'install',
	'-y',
	'-qq',
	'--no-install-recommends',
	...packages,
];

/** The command line a person would type, for messages. */
function manualCommand(packages) {
	return `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${APT_INSTALL(packages).join(' ')}`;
}

/**
 * Installs the missing ones of `names` (keys of SYSTEM_PACKAGES) with apt-get: `apt-get update`
 * once, then one `apt-get install`. Throws with the command to run by hand when that cannot be
 * done here (no apt-get, neither root nor sudo) or when apt-get fails.
 */
function ensureSystemPackages(names, { log = console.log } = {}) {
	const missing = names.filter((name) => {
		const spec = SYSTEM_PACKAGES[name];
		if (!spec) throw new Error(`unknown system package ${name}`);
		return !spec.present();
	});
	if (missing.length === 0) {
		log(`System packages: ${names.join(', ')} already installed.`);
		return { installed: [] };
	}
	const reasons = missing.map((name) => `${name} (${SYSTEM_PACKAGES[name].why})`).join(', ');
	if (!onPath('apt-get')) {
		throw new Error(
			`Missing ${reasons}, and there is no apt-get here to install them. Install them with your system's package manager (Debian/Ubuntu: ${manualCommand(missing)}).`,
		);
	}
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	// Without a terminal, sudo -n fails instead of waiting for a password nobody will type (CI).
	const sudo = root
		? []
		: onPath('sudo')
			? process.stdin.isTTY
				? ['sudo']
				: ['sudo', '-n']
			: undefined;
	if (!sudo) {
		throw new Error(
			`Missing ${reasons}. Installing them needs root, and this user is not root and has no sudo. Run as root: ${manualCommand(missing).replace(/sudo /g, '')}`,
		);
	}
	const runApt = (args, env = {}) => {
		// sudo drops most of the environment: pass DEBIAN_FRONTEND as an argument of `env`.
		const envArgs = Object.entries(env).map(([key, value]) => `${key}=${value}`);
		const command = [...sudo, ...(envArgs.length ? ['env', ...envArgs] : []), ...args];
		log(`System packages: ${command.join(' ')}`);
		const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
		if (result.status !== 0) {
			const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
			const hint = sudo.length ? ' (sudo may need a password: run the command yourself first)' : '';
			throw new Error(
				`${command.join(' ')} failed (${why})${hint}. To install by hand: ${manualCommand(missing)}`,
			);
		}
	};
	log(`System packages: installing ${reasons}${root ? '' : ' with sudo'}.`);
	runApt(['apt-get', 'update', '-qq']);
	runApt(APT_INSTALL(missing), { DEBIAN_FRONTEND: 'noninteractive' });
	const stillMissing = missing.filter((name) => !SYSTEM_PACKAGES[name].present());
	if (stillMissing.length > 0)
		throw new Error(
			`apt-get installed ${missing.join(', ')}, yet ${stillMissing.join(', ')} is still not found.`,
		);
	log(`System packages: installed ${missing.join(', ')}.`);
	return { installed: missing };
}

module.exports = { ensureSystemPackages, SYSTEM_PACKAGES, CHROMIUM_CANDIDATES };
