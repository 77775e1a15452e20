'use strict';
// The shared preparation of demo, dev editor and end-to-end runs: a working n8n runtime, the
// package built, packed and installed into an n8n user folder, a DGrid credential and the
// workflows imported.
const { ensureRuntime } = require('./runtime');
const { ensureBuilt, packPackage, installIntoN8n } = require('./package');
const { EXAMPLE_CREDENTIAL } = require('./examples');
const { N8nInstance } = require('./n8n');

/** Runtime + build + `npm pack`, once per process. Resolves the tarball path. */
let prepared;
function preparePackage({ log = console.log } = {}) {
	prepared ??= (async () => {
		const runtime = await ensureRuntime({ log });
		await ensureBuilt({ log });
		const tarball = await packPackage();
		return { runtime, tarball };
	})();
	return prepared;
}

/**
 * A ready n8n user folder: package installed as a community package, credential (type
 * dgridApi, id/name the examples refer to) pointing at `target`, workflows imported.
 */
async function prepareInstance({ userFolder, workDir, allowedPaths, binaryMode, port, target, workflows, tarball, extraCredentials = [], log = console.log, extraEnv }) {
	await installIntoN8n(tarball ?? (await preparePackage({ log })).tarball, userFolder);
	const instance = new N8nInstance({ userFolder, workDir, allowedPaths, binaryMode, port, extraEnv });
	await instance.importCredentials([
		{ ...EXAMPLE_CREDENTIAL, data: { apiKey: target.apiKey, baseUrl: target.baseUrl } },
		...extraCredentials,
	]);
	if (workflows.length > 0) await instance.importWorkflows(workflows);
	return instance;
}

module.exports = { preparePackage, prepareInstance };
