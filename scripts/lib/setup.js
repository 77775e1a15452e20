'use strict';
// The shared preparation of demo, dev editor and end-to-end runs: a working n8n runtime, the
// package built, packed and installed into an n8n user folder, a DGrid credential and the
// workflows imported.
const { ensureRuntime } = require('./runtime');
const { getRuntime } = require('./runtimes');
const { ensureBuilt, packPackage, installIntoN8n } = require('./package');
const { EXAMPLE_CREDENTIAL } = require('./examples');
const { N8nInstance } = require('./n8n');

/** Build + `npm pack`, once per process; resolves the tarball path. */
let packed;
function buildAndPack(log) {
	packed ??= ensureBuilt({ log }).then(() => packPackage());
	return packed;
}

/**
 * Runtime(s) + build + `npm pack`. Resolves {runtime, runtimes, tarball}: `runtime` is the
 * first of `runtimes` (default: the default runtime, see runtimes.js).
 */
async function preparePackage({ log = console.log, runtimes = [getRuntime()] } = {}) {
	const installed = [];
	for (const runtime of runtimes) installed.push(await ensureRuntime({ log, runtime }));
	const tarball = await buildAndPack(log);
	return { runtime: installed[0], runtimes: installed, tarball };
}

/**
 * A ready n8n user folder: package installed as a community package, credential (type
 * dgridApi, id/name the examples refer to) pointing at `target`, workflows imported.
 * `runtime` picks the n8n (runtimes.js; default n8n 2.x or DGRID_N8N); `activeState: 'fromJson'`
 * imports the workflows' `active` flags (queue mode).
 */
async function prepareInstance({
	userFolder,
	workDir,
	allowedPaths,
	binaryMode,
	port,
	target,
	workflows,
	tarball,
	extraCredentials = [],
	log = console.log,
	extraEnv,
	runtime = getRuntime(),
	activeState,
}) {
	await installIntoN8n(
		tarball ?? (await preparePackage({ log, runtimes: [runtime] })).tarball,
		userFolder,
	);
	const instance = new N8nInstance({
		userFolder,
		workDir,
		allowedPaths,
		binaryMode,
		port,
		extraEnv,
		runtime,
	});
	await instance.importCredentials([
		{ ...EXAMPLE_CREDENTIAL, data: { apiKey: target.apiKey, baseUrl: target.baseUrl } },
		...extraCredentials,
	]);
	if (workflows.length > 0) await instance.importWorkflows(workflows, { activeState });
	return instance;
}

module.exports = { preparePackage, prepareInstance };
