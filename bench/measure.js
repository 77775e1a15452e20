'use strict';
// One measured execution of one benchmark workflow in a running n8n: the recipe's own run time
// (n8n's per-node executionTime), images delivered, what the gateway saw, the n8n process's CPU
// time, and — when asked — its resident memory while the recipe's nodes ran.
const { latestExecution, runToEnd, readExecution, nodeRun } = require('./n8nRun');
const { cpuSeconds, rssBytes } = require('./proc');
const { startRssSampler, peakBetween, INTERVAL_MS } = require('./rssSampler');
const { recipeShape } = require('./workflows');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no request is in flight at the gateway: a recipe that failed leaves calls running
 * after n8n gave up (n8n does not cancel them), and they must not land in the next measurement.
 */
async function gatewayIdle(gateway, timeoutMs = 120000) {
	const deadline = Date.now() + timeoutMs;
	while (gateway.concurrency().inFlight > 0) {
		if (Date.now() > deadline)
			throw new Error(
				`the gateway still has ${gateway.concurrency().inFlight} requests in flight after ${timeoutMs / 1000} s`,
			);
		await sleep(50);
	}
}

/** Statuses the gateway answered with: {ok: 200s, limited: 429s, other: the rest (incl. resets)}. */
function gatewayCalls(requests) {
	const calls = { ok: 0, limited: 0, other: 0 };
	for (const r of requests) {
		if (r.route === 'models') continue;
		if (r.status === 200) calls.ok++;
		else if (r.status === 429) calls.limited++;
		else calls.other++;
	}
	return calls;
}

/**
 * @param {object} env {n8n (N8nInstance, started), cookies, gateway, gatewaySettings: {latencyMs, maxConcurrent}}
 * @param {object} job {workflow, recipe, items, memory?: boolean, timeoutMs}
 */
async function measure(env, job) {
	const { n8n, cookies, gateway, gatewaySettings } = env;
	await gatewayIdle(gateway);
	// Fresh records per run (and the produced images' memory freed); reset() restores the
	// start-up latency and limit, so set this row's again.
	gateway.reset();
	gateway.setLatency(gatewaySettings.latencyMs);
	gateway.setMaxConcurrent(gatewaySettings.maxConcurrent);

	const previous = await latestExecution(n8n, cookies, job.workflow.id);
	const pid = n8n.child.pid;
	const rssBefore = rssBytes(pid);
	const cpuBefore = cpuSeconds(pid);
	const sampler = job.memory ? startRssSampler(pid) : undefined;
	let run;
	let samples;
	// In the monotonic clock V8's CPU profiles use (BENCH_N8N_CPU_PROF), microseconds.
	const fromUs = Number(process.hrtime.bigint() / 1000n);
	try {
		run = await runToEnd(n8n, cookies, job.workflow.id, {
			previousId: previous?.id,
			timeoutMs: job.timeoutMs,
		});
	} finally {
		samples = await sampler?.stop();
	}
	const cpuAfter = cpuSeconds(pid);
	const window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
	await gatewayIdle(gateway);
	const execution = await readExecution(n8n, cookies, run.executionId);

	const shape = recipeShape(job.recipe);
	const runs = shape.nodes.map((name) => nodeRun(execution.runData, name)).filter(Boolean);
	const from = runs[0]?.startTime ?? run.startedAt;
	const to = runs.length
		? Math.max(...runs.map((r) => r.startTime + r.executionTime))
		: run.finishedAt;
	// Without the execution data (too large for the REST API), node times and images are unknown.
	const known = !execution.tooLarge;
	const delivered = known
		? (nodeRun(execution.runData, shape.output)?.items.length ?? 0)
		: undefined;
	const result = {
		status: execution.status ?? run.status,
		error: execution.error?.message,
		note: known
			? undefined
			: "n8n's REST API withheld the execution data (too large): node times and delivered images unknown",
		seconds: known ? runs.reduce((sum, r) => sum + r.executionTime, 0) / 1000 : NaN,
		delivered,
		lost: known ? job.items - delivered : undefined,
		calls: gatewayCalls(gateway.requests),
		peakInFlight: gateway.concurrency().peak,
		cpuSeconds: cpuAfter - cpuBefore,
		window,
		executionDataBytes: execution.dataChars,
	};
	if (samples) {
		// A sample just after the window still shows what the nodes left in memory.
		const whileNodesRan = peakBetween(samples, from - INTERVAL_MS, to + INTERVAL_MS) ?? rssBefore;
		const wholeExecution = peakBetween(samples, run.startedAt, run.finishedAt) ?? rssBefore;
		Object.assign(result, {
			rssBefore,
			rssGrowthWhileNodesRan: known ? Math.max(0, whileNodesRan - rssBefore) : NaN,
			rssGrowthWholeExecution: Math.max(0, wholeExecution - rssBefore),
			samples: samples.length,
		});
	}
	return result;
}

module.exports = { measure, gatewayIdle };
