#!/usr/bin/env node
'use strict';
// npm run bench — DGrid Images against what users build without it (n8n's HTTP Request node +
// Convert to File, the same image calls), in a real n8n 2.41.1 with this package installed as a
// community package, against the test gateway on 127.0.0.1. Prints one table per section and
// the issue-12 targets beside the measured values (informative: it never fails on a MISS).
//
//   npm run bench                         # the full run (~15 min on 2 cores)
//   BENCH_QUICK=1 npm run bench           # smoke run: 16 items, 200 ms, 1 run, 1 MiB memory rows
//   BENCH_ITEMS=60 BENCH_LATENCY_MS=500 BENCH_RUNS=3 BENCH_LIMIT=8 BENCH_CPU_ITEMS=200 \
//   BENCH_MEMORY_MIB=1,8,32 BENCH_MEMORY_IMAGES=8 BENCH_MEMORY_MODES=filesystem,default \
//   BENCH_SECTIONS=throughput,cpu,memory npm run bench
//   DGRID_KEEP=1 npm run bench            # keep the n8n user folder
//   BENCH_ECHO_N8N=1 npm run bench        # show n8n's own log (set N8N_LOG_LEVEL=info|debug via BENCH_N8N_LOG_LEVEL)
//   BENCH_N8N_CPU_PROF=.tmp/prof BENCH_SECTIONS=cpu npm run bench
//                                         # V8 CPU profile of every n8n process (node --cpu-prof, sampled
//                                         # every 100 µs, written into that folder when n8n stops), and per
//                                         # CPU row where the n8n process spent its CPU during that row's runs:
//                                         # this package's code by file and function, the n8n functions it
//                                         # called, the rest by package (bench/cpuProfile.js; open the
//                                         # .cpuprofile in Chrome DevTools for the call tree). The profiler
//                                         # itself costs CPU: compare ms/item of runs made without it.
//
// Throughput and CPU rows run in ONE `n8n start` process, started once; every memory row gets a
// freshly started n8n (binary data mode is a process setting, and a process that already held
// large images keeps that memory, which would hide the next row's growth).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT, TMP_DIR } = require('./lib/paths');
const { ensureDevDependencies } = require('./lib/devDependencies');
const { startTestGateway } = require('./lib/gateway');
const { N8nInstance, freePort, login, makeTempDir, setupOwner } = require('./lib/n8n');
const { getRuntime } = require('./lib/runtimes');
const { preparePackage, prepareInstance } = require('./lib/setup');
const { readConfig } = require('../bench/config');
const { makePlan } = require('../bench/plan');
const { measure } = require('../bench/measure');
const { activateWorkflows, waitForWebhooks } = require('../bench/n8nRun');
const { HEADER_AUTH_CREDENTIAL, checkParallelismOption } = require('../bench/workflows');
const {
	throughputReport,
	memoryReport,
	cpuReport,
	ratioLines,
	summaryTable,
} = require('../bench/report');
const proc = require('../bench/proc');
const cpuProfile = require('../bench/cpuProfile');

const OWNER = {
	email: 'bench@example.com',
	firstName: 'Bench',
	lastName: 'Runner',
	password: 'DGridBench1234',
};
const N8N_ENV = {
	N8N_LOG_LEVEL: process.env.BENCH_N8N_LOG_LEVEL || 'warn',
	// n8n's REST API withholds execution data above 100 MiB by default; the memory rows with
	// base64 images in the items store ~360 MB, and their node times are needed.
	EXECUTIONS_DATA_MAX_DISPLAY_SIZE: String(1024 * 1024 * 1024),
};

/** V8's sampling interval for BENCH_N8N_CPU_PROF: 10× its default, for enough samples per item. */
const CPU_PROFILE_INTERVAL_US = 100;

/** The environment that makes an n8n process write a CPU profile into `dir` when it stops. */
const cpuProfileEnv = (dir) =>
	dir
		? {
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir="${dir}" --cpu-prof-interval=${CPU_PROFILE_INTERVAL_US}`,
			}
		: {};

/** Generous but bounded: the slowest row (Parallelism 1) takes items × latency. */
const timeoutFor = (items, latencyMs) => Math.max(120000, items * latencyMs * 6 + 60000);

const section = (title, body) => `${title}\n${body}`;

function loadLine() {
	return os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' / ');
}

class Bench {
	constructor(config) {
		this.config = config;
		this.ownerReady = false;
		this.current = undefined;
	}

	/**
	 * Starts n8n on the shared user folder. The first start creates the owner account and
	 * activates the workflows; later ones wait for n8n to register the webhooks of `workflows`.
	 */
	async start(binaryMode, workflows) {
		const extraEnv = { ...N8N_ENV, ...cpuProfileEnv(this.config.cpuProfileDir) };
		const n8n = new N8nInstance({
			userFolder: this.userFolder,
			workDir: this.workDir,
			allowedPaths: [this.workDir],
			binaryMode,
			port: await freePort(),
			extraEnv,
		});
		this.current = n8n;
		await n8n.start({ timeoutMs: 240000, echo: process.env.BENCH_ECHO_N8N === '1' });
		const cookies = this.ownerReady ? await login(n8n, OWNER) : await setupOwner(n8n, OWNER);
		if (!this.ownerReady) await activateWorkflows(n8n, cookies, this.workflows);
		this.ownerReady = true;
		await waitForWebhooks(n8n, workflows);
		return { n8n, cookies, gateway: this.gateway };
	}

	async stop() {
		const n8n = this.current;
		this.current = undefined;
		await n8n?.stop();
	}

	async run(env, job, gatewaySettings, { memory = false, label } = {}) {
		const result = await measure(
			{ ...env, gatewaySettings },
			{ ...job, memory, timeoutMs: timeoutFor(job.items, gatewaySettings.latencyMs) },
		);
		if (label) {
			const extra = memory
				? `, RSS +${(result.rssGrowthWhileNodesRan / 1048576).toFixed(1)} MiB`
				: `, n8n CPU ${(result.cpuSeconds * 1000).toFixed(0)} ms`;
			console.log(
				`  ${label}: ${result.seconds.toFixed(2)} s, ${result.delivered}/${job.items} images${result.status === 'success' ? '' : ` (execution ${result.status})`}${extra}`,
			);
		}
		return result;
	}

	async throughputAndCpu(plan, results) {
		const { config } = this;
		const env = await this.start(
			'filesystem',
			[...Object.values(plan.warmups), ...plan.throughput.flatMap((s) => s.jobs), ...plan.cpu].map(
				(j) => j.workflow,
			),
		);
		console.log(
			`n8n pid ${env.n8n.child.pid} (filesystem binary mode) runs every throughput and CPU row.`,
		);
		const noLimit = { latencyMs: config.latencyMs, maxConcurrent: undefined };
		for (const warmup of Object.values(plan.warmups)) await this.run(env, warmup, noLimit);
		if (config.sections.includes('throughput')) {
			results.throughput = [];
			for (const section of plan.throughput) {
				console.log(
					`\nGateway ${section.gateway}, ${config.items} items, ${config.latencyMs} ms per call:`,
				);
				const settings = { latencyMs: config.latencyMs, maxConcurrent: section.maxConcurrent };
				const rows = section.jobs.map((job) => ({
					recipeKey: job.recipeKey,
					label: job.recipe.label,
					runs: [],
				}));
				// Runs interleaved (all recipes once, then again), so a slow patch of the machine
				// does not land on one recipe only.
				for (let run = 1; run <= config.runs; run++) {
					for (const [index, job] of section.jobs.entries()) {
						rows[index].runs.push(
							await this.run(env, job, settings, {
								label: `${job.recipe.label}, run ${run}/${config.runs}`,
							}),
						);
					}
				}
				results.throughput.push({
					gateway: section.gateway,
					maxConcurrent: section.maxConcurrent,
					rows,
				});
			}
		}
		if (config.sections.includes('cpu')) {
			console.log(`\nCPU: ${config.cpuItems} items, no latency:`);
			const settings = { latencyMs: 0, maxConcurrent: undefined };
			results.cpu = plan.cpu.map((job) => ({
				recipeKey: job.recipeKey,
				label: job.recipe.label,
				items: job.items,
				runs: [],
			}));
			for (let run = 1; run <= config.runs; run++) {
				for (const [index, job] of plan.cpu.entries()) {
					results.cpu[index].runs.push(
						await this.run(env, job, settings, {
							label: `${job.recipe.label}, run ${run}/${config.runs}`,
						}),
					);
				}
			}
		}
		const pid = env.n8n.child.pid;
		await this.stop();
		if (config.cpuProfileDir && results.cpu) this.reportCpuProfile(pid, results.cpu);
	}

	/** Where the n8n process `pid` spent its CPU during each CPU row's runs (BENCH_N8N_CPU_PROF). */
	reportCpuProfile(pid, rows) {
		const file = cpuProfile.findProfile(this.config.cpuProfileDir, pid);
		if (!file) {
			console.log(
				`\nNo CPU profile of n8n pid ${pid} in ${this.config.cpuProfileDir} (n8n did not exit cleanly?).`,
			);
			return;
		}
		const profile = cpuProfile.readProfile(file);
		console.log(
			`\nCPU profile ${path.relative(process.cwd(), file)}, sampled during the CPU rows' runs:`,
		);
		for (const row of rows) {
			const summary = cpuProfile.summarize(
				profile,
				row.runs.map((r) => r.window),
			);
			console.log(
				`\n${row.label}, ${row.runs.length} × ${row.items} items:\n${cpuProfile.report(summary, { items: row.runs.length * row.items })}`,
			);
		}
	}

	async memory(plan, results) {
		const { config } = this;
		results.memory = [];
		console.log(
			`\nMemory: ${config.memoryImages} images per row, ${config.latencyMs} ms per call, a fresh n8n for every row:`,
		);
		const settings = { latencyMs: config.latencyMs, maxConcurrent: undefined };
		for (const row of plan.memory) {
			const env = await this.start(row.mode, [row.warmup.workflow, row.job.workflow]);
			try {
				await this.run(env, row.warmup, settings);
				const label = `${row.mode}, ${config.memoryImages} × ${row.sizeMiB} MiB, ${row.job.recipe.label}`;
				const result = await this.run(env, row.job, settings, { memory: true, label });
				results.memory.push({
					mode: row.mode,
					sizeMiB: row.sizeMiB,
					bytes: row.bytes,
					recipeKey: row.job.recipeKey,
					label: row.job.recipe.label,
					result,
				});
			} finally {
				await this.stop();
			}
		}
	}
}

async function main() {
	const config = readConfig();
	if (!proc.supported())
		throw new Error('The benchmark reads /proc/<pid>/status and /stat: it runs on Linux only.');
	// Workflows are activated through n8n 2.x's REST API (POST /rest/workflows/:id/activate).
	if (getRuntime().major !== 2)
		throw new Error('The benchmark runs on the pinned n8n 2.x (unset DGRID_N8N).');
	await ensureDevDependencies();
	const { runtime, tarball } = await preparePackage();
	const parallelism = checkParallelismOption(
		path.join(ROOT, 'dist', 'nodes', 'DGridImages', 'DgridImages.node.js'),
	);
	if (config.cpuProfileDir) fs.mkdirSync(config.cpuProfileDir, { recursive: true });
	const bench = new Bench(config);
	const startedAt = new Date();
	const loadAtStart = loadLine();
	bench.gateway = await startTestGateway({ latencyMs: config.latencyMs });
	bench.userFolder = makeTempDir('dgrid-bench-n8n-');
	bench.workDir = makeTempDir('dgrid-bench-work-');
	const plan = makePlan(config, bench.gateway.baseUrl);
	bench.workflows = plan.workflows;
	const results = {};
	try {
		await prepareInstance({
			userFolder: bench.userFolder,
			workDir: bench.workDir,
			allowedPaths: [bench.workDir],
			target: bench.gateway,
			workflows: plan.workflows,
			tarball,
			extraCredentials: [
				{
					...HEADER_AUTH_CREDENTIAL,
					data: { name: 'Authorization', value: `Bearer ${bench.gateway.apiKey}` },
				},
			],
			extraEnv: N8N_ENV,
		});
		console.log(
			[
				`n8n ${runtime.n8nVersion} (Node ${runtime.nodeVersion}); benchmark on Node ${process.version}, ${os.cpus().length} CPU cores, load average ${loadAtStart} (1/5/15 min).`,
				`Each workflow runs in a running \`n8n start\` as in production: its Webhook trigger (activated through n8n's REST API) gets a POST and answers when the last node is done;`,
				`nothing polls n8n meanwhile. "seconds" is n8n's own executionTime of the recipe's nodes (DGrid Images; HTTP Request + Convert to File):`,
				`n8n's start-up, the trigger and the item set-up are not in it; CPU and RSS are those of the n8n process from the POST until n8n stored the execution.`,
				`Image calls: POST /v1/images/generations, dall-e-3, one image per item, test gateway on 127.0.0.1. HTTP Request asks for response_format b64_json;`,
				`DGrid Images with its options empty sends no response_format, so dall-e-3 answers with a URL the node downloads (a second request per image), as users get it.`,
				`DGrid Images "defaults" = its options left empty (Parallel Requests default: ${JSON.stringify(parallelism.default)}); "Parallelism N" = that option set to N.`,
			].join('\n'),
		);
		if (config.sections.includes('throughput') || config.sections.includes('cpu'))
			await bench.throughputAndCpu(plan, results);
		if (config.sections.includes('memory')) await bench.memory(plan, results);
	} finally {
		await bench.stop();
		await bench.gateway.close();
		if (process.env.DGRID_KEEP) console.log(`\nn8n user folder kept: ${bench.userFolder}`);
		else fs.rmSync(bench.userFolder, { recursive: true, force: true });
		fs.rmSync(bench.workDir, { recursive: true, force: true });
	}

	const out = [];
	if (results.throughput)
		out.push(
			section(
				`Throughput — ${config.items} items, gateway latency L = ${config.latencyMs} ms, median of ${config.runs} (images / lost: per run when runs differ; gateway answers: 200/429/other per run)`,
				throughputReport(results.throughput, config),
			),
		);
	if (results.memory)
		out.push(
			section(
				`Memory — RSS growth of the n8n process (VmRSS every 50 ms, baseline just before the run): while the recipe's nodes ran, and over the whole execution (incl. saving it); execution data = what n8n stored for the run`,
				memoryReport(results.memory, config),
			),
		);
	if (results.cpu)
		out.push(
			section(
				`CPU — n8n process CPU time (utime + stime) per item, ${config.cpuItems} items, no latency, median of ${config.runs}`,
				cpuReport(results.cpu),
			),
		);
	const ratios = ratioLines(results, config);
	if (ratios.length)
		out.push(
			section(
				'DGrid Images (defaults) / HTTP Request recipe (defaults)',
				ratios.map((l) => `  ${l}`).join('\n'),
			),
		);
	out.push(section('Summary (markdown; CPU and time medians)', summaryTable(results, config)));
	const minutes = ((Date.now() - startedAt.getTime()) / 60000).toFixed(1);
	out.push(
		`${minutes} min in all; load average at the end ${loadLine()} (other processes on the machine share the cores: compare runs made on a quiet machine).`,
	);
	console.log(`\n${out.join('\n\n')}`);

	const file = path.join(
		TMP_DIR,
		'bench',
		`bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
	);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(
		file,
		JSON.stringify(
			{ startedAt, config, runtime, loadAtStart, loadAtEnd: loadLine(), results },
			null,
			2,
		),
	);
	console.log(`Raw results: ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
