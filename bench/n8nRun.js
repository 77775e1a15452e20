'use strict';
// Runs one imported workflow in a running `n8n start` the way the editor's "Execute workflow"
// does (POST /rest/workflows/:id/run; the execution runs inside n8n's main process), waits for it
// through the light execution list (not the full data, whose download would itself cost n8n
// memory and CPU), then reads the finished execution: status, n8n's own per-node timings and
// items, and the size of the execution data n8n stored.
const path = require('node:path');

const { RUNTIME_DIR } = require('../scripts/lib/paths');
const { httpJson } = require('../scripts/lib/n8n');

// n8n's REST API sends execution data in the `flatted` encoding; read it with n8n's own copy.
const flatted = require(path.join(RUNTIME_DIR, 'node_modules', 'flatted'));

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);
const POLL_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function expectOk(response, what) {
	if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
	return response.json.data ?? response.json;
}

/** Starts the workflow; resolves {executionId, startedAt, finishedAt} (ms) once n8n reports it done. */
async function runToEnd(n8n, cookies, workflowId, { trigger, timeoutMs }) {
	const startedAt = Date.now();
	const started = expectOk(
		await httpJson('POST', `${n8n.url}/rest/workflows/${workflowId}/run`, { cookies, body: { triggerToStartFrom: { name: trigger } } }),
		`starting workflow ${workflowId}`,
	);
	const executionId = String(started.executionId);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = startedAt + timeoutMs;
	while (Date.now() < deadline) {
		const list = expectOk(await httpJson('GET', `${n8n.url}/rest/executions?filter=${filter}&limit=10`, { cookies }), 'listing executions');
		const entry = (list.results ?? []).find((e) => String(e.id) === executionId);
		if (entry && FINAL.has(entry.status)) return { executionId, startedAt, finishedAt: Date.now() };
		await sleep(POLL_MS);
	}
	// Bounded: stop it, so the next measurement does not share the process with it.
	await httpJson('POST', `${n8n.url}/rest/executions/${executionId}/stop`, { cookies }).catch(() => undefined);
	throw new Error(`workflow ${workflowId} did not finish within ${timeoutMs / 1000} s (execution ${executionId})`);
}

/**
 * The stored execution: {status, error, runData, dataChars}. Large runs (base64 images in the
 * items) make a large document: long timeout.
 */
async function readExecution(n8n, cookies, executionId) {
	const execution = expectOk(
		await httpJson('GET', `${n8n.url}/rest/executions/${executionId}`, { cookies, timeoutMs: 10 * 60 * 1000 }),
		`reading execution ${executionId}`,
	);
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return {
		status: execution.status,
		error: data?.resultData?.error,
		runData: data?.resultData?.runData ?? {},
		dataChars: typeof execution.data === 'string' ? execution.data.length : JSON.stringify(execution.data ?? {}).length,
	};
}

/** A node's last run in runData: {startTime, executionTime, items on output 0, error}. */
function nodeRun(runData, name) {
	const tasks = runData[name];
	const task = tasks?.[tasks.length - 1];
	if (!task) return undefined;
	return { startTime: task.startTime, executionTime: task.executionTime ?? 0, items: task.data?.main?.[0] ?? [], error: task.error };
}

module.exports = { runToEnd, readExecution, nodeRun };
