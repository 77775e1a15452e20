#!/usr/bin/env node
'use strict';
// npm run dev — n8n's editor on localhost with this package installed as a community package,
// a ready "DGrid account" credential (the test gateway, started here, or the real DGrid when
// DGRID_API_KEY is set) and the example workflows imported. Open one and click "Execute
// workflow": the images appear in the editor and in demo-output/.
//
// The n8n user folder (.tmp/dev-n8n/) is kept between runs, so your own workflows stay; each
// start rebuilds and reinstalls the package and re-imports the credential and the examples.
//   DGRID_DEV_PORT=5680 npm run dev     # another port (default 5678)
//   DGRID_N8N=1 npm run dev             # n8n 1.123.81 on Node 20 instead of 2.41.1 (own user folder)
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, TMP_DIR } = require('./lib/paths');
const { ensureDevDependencies } = require('./lib/devDependencies');
const { allowedRoots, loadWorkflows, prepareWorkDir } = require('./lib/examples');
const { resolveTarget } = require('./lib/gateway');
const { httpJson, setupOwner } = require('./lib/n8n');
const { getRuntime } = require('./lib/runtimes');
const { preparePackage, prepareInstance } = require('./lib/setup');

const OWNER = {
	email: 'dev@example.com',
	firstName: 'DGrid',
	lastName: 'Developer',
	password: 'DGridDev1234',
};

async function main() {
	await ensureDevDependencies();
	const port = Number(process.env.DGRID_DEV_PORT || 5678);
	const workflows = loadWorkflows().map((e) => e.workflow);
	const { runtime } = await preparePackage();
	const target = await resolveTarget();
	// One user folder per n8n major: n8n 1.x cannot open a database n8n 2.x has migrated.
	const userFolder = path.join(
		TMP_DIR,
		getRuntime().major === 2 ? 'dev-n8n' : `dev-n8n-${getRuntime().major}x`,
	);
	fs.mkdirSync(userFolder, { recursive: true });
	prepareWorkDir(ROOT, workflows, { sourceRoot: ROOT });

	console.log(
		`Preparing n8n ${runtime.n8nVersion} (Node ${runtime.nodeVersion}) in ${path.relative(ROOT, userFolder)}/ …`,
	);
	const n8n = await prepareInstance({
		userFolder,
		workDir: ROOT,
		allowedPaths: allowedRoots(ROOT, workflows),
		binaryMode: 'filesystem',
		port,
		target,
		workflows,
	});
	console.log(`Starting the editor on ${n8n.url} …`);
	await n8n.start();

	const setup = await setupOwner(n8n, OWNER).then(
		() => 'created',
		async (error) => {
			// Set up on an earlier run: the same login still works unless it was changed in n8n.
			const settings = await httpJson('GET', `${n8n.url}/rest/settings`);
			if (settings.json?.data?.userManagement?.showSetupOnFirstLoad === false) return 'existing';
			throw error;
		},
	);

	let stopping = false;
	const stop = async (code) => {
		stopping = true;
		await n8n.stop();
		await target.close();
		process.exit(code);
	};
	process.once('SIGINT', () => void stop(0));
	process.once('SIGTERM', () => void stop(0));
	n8n.child.once('exit', (code) => {
		if (stopping) return;
		console.error(
			`n8n stopped (exit code ${code}). Last log lines:\n${n8n.log.join('').split('\n').slice(-20).join('\n')}`,
		);
		void target.close().then(() => process.exit(1));
	});

	console.log(`
  n8n editor:  ${n8n.url}
  login:       ${OWNER.email} / ${OWNER.password}${setup === 'existing' ? '   (owner from an earlier run)' : ''}
  DGrid:       ${target.label}  — credential "DGrid account"
  workflows:   ${workflows.length} examples (Overview → open one → Execute workflow)
  images:      shown on the nodes, and saved under demo-output/

  Ctrl+C stops n8n${target.kind === 'gateway' ? ' and the test gateway' : ''}.`);
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
