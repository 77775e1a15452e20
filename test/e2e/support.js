// A real n8n for one test file: its own test gateway (in this process, so its records are at
// hand), its own n8n user folder with the packed package installed as a community package, a
// working directory for the workflows' files, the credential and workflows imported.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../../scripts/lib/paths');
const {
	allowedRoots,
	loadWorkflows,
	prepareWorkDir,
	writtenFiles,
} = require('../../scripts/lib/examples');
const { startTestGateway } = require('../../scripts/lib/gateway');
const { makeTempDir } = require('../../scripts/lib/n8n');
const { getRuntime } = require('../../scripts/lib/runtimes');
const { prepareInstance } = require('../../scripts/lib/setup');

const FIXTURES_DIR = path.join(__dirname, 'fixtures');

/**
 * @param {object} o
 * @param {string} o.label short name for temp folders
 * @param {'default'|'filesystem'} [o.binaryMode]
 * @param {object[]} o.workflows workflow JSON documents
 * @param {object[]|Function} [o.extraCredentials] more credentials to import ({id, name, type, data}), or gateway => them
 * @param {number} [o.port] port for `n8n start`
 * @param {1|2} [o.n8n] major version of the pinned n8n to run (runtimes.js), default 2
 * @param {object} [o.extraEnv] more environment for every n8n process (e.g. queue mode)
 * @param {'fromJson'} [o.activeState] import the workflows' `active` flags (queue mode)
 */
async function startRealN8n({
	label,
	binaryMode = 'filesystem',
	workflows,
	extraCredentials = [],
	port,
	n8n: major = 2,
	extraEnv,
	activeState,
}) {
	const runtime = getRuntime(major);
	const gateway = await startTestGateway();
	const userFolder = makeTempDir(`dgrid-e2e-n8n${major}-${label}-`);
	const workDir = makeTempDir(`dgrid-e2e-n8n${major}-${label}-work-`);
	prepareWorkDir(workDir, workflows, { sourceRoot: ROOT });
	let n8n;
	try {
		n8n = await prepareInstance({
			userFolder,
			workDir,
			allowedPaths: allowedRoots(workDir, workflows),
			binaryMode,
			port,
			target: { apiKey: gateway.apiKey, baseUrl: gateway.baseUrl },
			workflows,
			tarball: process.env.DGRID_E2E_TARBALL,
			extraCredentials:
				typeof extraCredentials === 'function' ? extraCredentials(gateway) : extraCredentials,
			log: () => {},
			runtime,
			extraEnv,
			activeState,
		});
	} catch (error) {
		await gateway.close();
		throw error;
	}
	// The callers pick the port with freePort() long before `n8n start` binds it: should another
	// process (another test file's n8n, gateway, broker) take it meanwhile, n8n moves to a new one.
	n8n.movePortIfTaken = true;

	/** Runs `fn`; returns its result plus what the gateway saw and produced meanwhile and the files `workflow` wrote. */
	async function observe(workflow, fn) {
		const mark = {
			requests: gateway.requests.length,
			produced: gateway.produced.length,
			cdn: gateway.cdnRequests.length,
		};
		const result = await fn();
		return {
			...result,
			requests: gateway.requests.slice(mark.requests),
			produced: gateway.produced.slice(mark.produced),
			cdnRequests: gateway.cdnRequests.slice(mark.cdn),
			files: writtenFiles(workDir, workflow),
		};
	}

	return {
		gateway,
		n8n,
		runtime,
		userFolder,
		workDir,
		observe,
		/** `n8n execute` one workflow (observed, see `observe`). */
		execute: (workflow) => observe(workflow, () => n8n.execute(workflow.id)),
		/** Bytes of a binary that n8n stored in filesystem mode (`filesystem-v2:<path>` ids). */
		storedBinary(id) {
			const [mode, relative] = id.split(/:(.*)/s);
			if (!mode.startsWith('filesystem')) throw new Error(`not a filesystem binary id: ${id}`);
			return fs.readFileSync(path.join(n8n.binaryStoragePath, relative));
		},
		async close() {
			await n8n?.stop();
			await gateway.close();
			if (!process.env.DGRID_KEEP) {
				fs.rmSync(userFolder, { recursive: true, force: true });
				fs.rmSync(workDir, { recursive: true, force: true });
			}
		},
	};
}

function loadFixture(name) {
	return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, `${name}.json`), 'utf8'));
}

/** Human-readable reason an execution failed, for assertion messages. */
function explain(result) {
	if (result.ok) return 'ok';
	const error = result.error ? `${result.error.message} — ${result.error.description ?? ''}` : '';
	return `exit ${result.exitCode}${result.signal ? ` (${result.signal})` : ''}; ${error}\nstdout ${result.stdout.length} chars, ends: ${result.stdout.slice(-300)}\nstderr: ${result.stderr.slice(-1500)}`;
}

module.exports = { startRealN8n, loadWorkflows, loadFixture, explain, FIXTURES_DIR };
