#!/usr/bin/env node
'use strict';
// npm run demo — the example workflows, run in a real n8n with this package installed as a
// community package. Installs what is missing (n8n runtime, build), starts the DGrid test
// gateway (or uses the real DGrid when DGRID_API_KEY is set), imports a credential and the
// workflows into a throw-away n8n user folder, executes each with `n8n execute`, and leaves
// the images in demo-output/.
//
//   npm run demo                                  # test gateway, no key needed
//   DGRID_API_KEY=sk-… npm run demo               # the real DGrid (costs credits)
//   DGRID_API_KEY=sk-… DGRID_BASE_URL=https://… npm run demo
//   npm run demo -- 01 06                         # only examples whose file name contains 01 or 06
//   DGRID_KEEP=1 npm run demo                     # keep the n8n user folder for a look
//   DGRID_N8N=1 npm run demo                      # in n8n 1.123.81 on Node 20 (default: 2.41.1 on Node 24)
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, DEMO_OUTPUT_DIR } = require('./lib/paths');
const { ensureDevDependencies } = require('./lib/devDependencies');
const { loadWorkflows, prepareWorkDir, writtenFiles, allowedRoots } = require('./lib/examples');
const { resolveTarget } = require('./lib/gateway');
const { makeTempDir } = require('./lib/n8n');
const { preparePackage, prepareInstance } = require('./lib/setup');
const { failedItems, formatBytes, table } = require('./lib/report');

function describeError(result) {
	const error = result.error;
	if (error) return `${error.message}${error.node?.name ? ` (node "${error.node.name}")` : ''}`;
	const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join(' | ');
	return `n8n exited with code ${result.exitCode}: ${tail}`;
}

async function main() {
	await ensureDevDependencies();
	const started = Date.now();
	const filters = process.argv.slice(2);
	const examples = loadWorkflows().filter(
		({ slug }) => filters.length === 0 || filters.some((f) => slug.includes(f)),
	);
	if (examples.length === 0) throw new Error(`no example matches ${filters.join(', ')}`);
	const workflows = examples.map((e) => e.workflow);

	const { runtime } = await preparePackage();
	const target = await resolveTarget();
	console.log(`n8n ${runtime.n8nVersion} (Node ${runtime.nodeVersion}) against ${target.label}.`);
	if (target.kind === 'real') {
		console.log('DGRID_API_KEY is set: every example calls the real DGrid and uses credits.');
	}

	const userFolder = makeTempDir('dgrid-demo-n8n-');
	const workDir = ROOT;
	fs.mkdirSync(DEMO_OUTPUT_DIR, { recursive: true });
	prepareWorkDir(workDir, workflows, { sourceRoot: ROOT });
	const rows = [];
	let failures = 0;
	try {
		const n8n = await prepareInstance({
			userFolder,
			workDir,
			allowedPaths: allowedRoots(workDir, workflows),
			binaryMode: 'filesystem',
			target,
			workflows,
		});
		console.log(
			`Package installed in ${path.join(userFolder, '.n8n', 'nodes')}; ${workflows.length} workflows imported. Executing…\n`,
		);
		for (const { slug, workflow } of examples) {
			const result = await n8n.execute(workflow.id);
			const files = writtenFiles(workDir, workflow);
			const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
			const failed = result.run ? failedItems(result.run, workflow) : [];
			let status = result.ok ? 'ok' : 'FAILED';
			if (result.ok && failed.length > 0)
				status = `ok, ${failed.length} item(s) on the error output`;
			if (!result.ok) failures++;
			rows.push([
				slug,
				status,
				String(files.length),
				formatBytes(bytes),
				result.seconds.toFixed(1),
			]);
			console.log(
				`  ${slug}: ${status} — ${files.length} image(s) in ${path.relative(ROOT, path.join(workDir, files[0]?.folder ?? 'demo-output'))}/`,
			);
			if (!result.ok) console.log(`    ${describeError(result)}`);
			for (const { item } of failed)
				console.log(`    error output: ${item.json?.error ?? JSON.stringify(item.json)}`);
		}
	} finally {
		await target.close();
		if (process.env.DGRID_KEEP) console.log(`\nn8n user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}

	console.log(
		`\n${table(
			[
				{ title: 'workflow' },
				{ title: 'result' },
				{ title: 'images', align: 'right' },
				{ title: 'bytes', align: 'right' },
				{ title: 'seconds', align: 'right' },
			],
			rows,
		)}`,
	);
	console.log(
		`\nImages are in ${path.relative(process.cwd(), DEMO_OUTPUT_DIR) || '.'}/ — ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
	);
	if (failures > 0) {
		console.log(`${failures} workflow(s) failed.`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
