'use strict';
// Which DGrid the runs talk to: the repository's test gateway (default; started inside this
// process so its records — requests and produced image bytes — are at hand for checks), or
// the real service when DGRID_API_KEY is set.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, GATEWAY_BUILD_DIR } = require('./paths');
const { run } = require('./proc');

const GATEWAY_SRC = path.join(ROOT, 'test', 'tools', 'gateway');

function newestMtime(dir, ext) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, ext));
		else if (full.endsWith(ext)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** Compiles test/tools/gateway with its own tsconfig into .build/gateway when sources changed. */
async function ensureGatewayBuilt({ log = console.log } = {}) {
	const entry = path.join(GATEWAY_BUILD_DIR, 'index.js');
	if (
		fs.existsSync(entry) &&
		newestMtime(GATEWAY_BUILD_DIR, '.js') >= newestMtime(GATEWAY_SRC, '.ts')
	)
		return entry;
	const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const result = await run(process.execPath, [tsc, '-p', path.join(GATEWAY_SRC, 'tsconfig.json')], {
		cwd: ROOT,
	});
	if (!fs.existsSync(entry)) {
		throw new Error(`Compiling the test gateway failed:\n${result.stdout}${result.stderr}`);
	}
	if (result.code !== 0) {
		// tsc still emits JavaScript on type errors; the gateway is test tooling, so say so and go on.
		log(
			`warning: the test gateway compiled with type errors:\n${result.stdout.trim().split('\n').slice(0, 10).join('\n')}`,
		);
	}
	return entry;
}

async function startTestGateway(options = {}, { log } = {}) {
	const entry = await ensureGatewayBuilt({ log });
	const { startGateway } = require(entry);
	return startGateway(options);
}

/**
 * The DGrid the demo / dev editor use. With DGRID_API_KEY: the real service
 * (DGRID_BASE_URL, default https://api.dgrid.ai). Otherwise a fresh test gateway.
 */
async function resolveTarget({ log, gatewayOptions } = {}) {
	const apiKey = process.env.DGRID_API_KEY?.trim();
	if (apiKey) {
		const baseUrl = (process.env.DGRID_BASE_URL?.trim() || 'https://api.dgrid.ai').replace(
			/\/+$/,
			'',
		);
		return {
			kind: 'real',
			label: `DGrid at ${baseUrl}`,
			baseUrl,
			apiKey,
			gateway: undefined,
			close: async () => {},
		};
	}
	const gateway = await startTestGateway(gatewayOptions, { log });
	return {
		kind: 'gateway',
		label: `the test gateway at ${gateway.baseUrl}`,
		baseUrl: gateway.baseUrl,
		apiKey: gateway.apiKey,
		gateway,
		close: () => gateway.close(),
	};
}

module.exports = { ensureGatewayBuilt, startTestGateway, resolveTarget };
