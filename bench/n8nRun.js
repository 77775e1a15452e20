'use strict';
// Runs one benchmark workflow in a running `n8n start` as production runs do: its Webhook trigger
// (activated through n8n's REST API) gets a POST and answers once the last node is done. Nothing
// polls n8n while the workflow runs — a poll of n8n's execution list costs it 15–35 ms of CPU,
// which would land in the CPU rows. Afterwards the REST API gives the finished execution: status,
// n8n's own per-node timings and items, and the size of the execution data n8n stored.
const { httpJson } = require('../scripts/lib/n8n');
const { getRuntime } = require('../scripts/lib/runtimes');
const { webhookPath } = require('./workflows');

// n8n's REST API sends execution data in the `flatted` encoding; read it with n8n's own copy.
const flatted = require(getRuntime().resolve('flatted'));

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function expectOk(response, what) {
	if (response.status !== 200)
		throw new Error(`${what}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
	return response.json.data ?? response.json;
}

/** Activates (publishes) the workflows, so their webhooks exist; n8n keeps them active across restarts. */
async function activateWorkflows(n8n, cookies, workflows) {
	for (const workflow of workflows) {
		const stored = expectOk(
			await httpJson('GET', `${n8n.url}/rest/workflows/${workflow.id}`, { cookies }),
			`reading workflow ${workflow.id}`,
		);
		expectOk(
			await httpJson('POST', `${n8n.url}/rest/workflows/${workflow.id}/activate`, {
				cookies,
				body: { versionId: stored.versionId },
			}),
			`activating workflow ${workflow.id}`,
		);
	}
}

/**
 * After a restart n8n reports ready before it has registered the active workflows' webhooks:
 * wait until each answers a GET with "not registered for GET requests" (it exists, for POST).
 */
async function waitForWebhooks(n8n, workflows, timeoutMs = 120000) {
	const deadline = Date.now() + timeoutMs;
	for (const workflow of workflows) {
		for (;;) {
			const probe = await httpJson('GET', `${n8n.url}/webhook/${webhookPath(workflow.id)}`).catch(
				() => undefined,
			);
			if (probe && /not registered for GET/.test(probe.text)) break;
			if (Date.now() > deadline)
				throw new Error(
					`the webhook of workflow ${workflow.id} was not registered within ${timeoutMs / 1000} s: ${probe?.text.slice(0, 200)}`,
				);
			await sleep(250);
		}
	}
}

/** The workflow's newest execution {id, status}, or undefined. */
async function latestExecution(n8n, cookies, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = expectOk(
		await httpJson('GET', `${n8n.url}/rest/executions?filter=${filter}&limit=1`, { cookies }),
		'listing executions',
	);
	const [newest] = (list.results ?? []).sort((a, b) => Number(b.id) - Number(a.id));
	return newest && { id: String(newest.id), status: newest.status };
}

/**
 * POSTs the workflow's webhook and waits for the answer (sent when the last node is done), then
 * for n8n to have stored the execution. `previousId`: the workflow's newest execution before.
 * Resolves {executionId, status, startedAt, answeredAt, finishedAt} (times in ms).
 */
async function runToEnd(n8n, cookies, workflowId, { previousId, timeoutMs }) {
	const startedAt = Date.now();
	const answer = await httpJson('POST', `${n8n.url}/webhook/${webhookPath(workflowId)}`, {
		body: {},
		timeoutMs,
	});
	const answeredAt = Date.now();
	// Bounded: storing the execution follows the answer within moments.
	for (let attempt = 0; attempt < 600; attempt++) {
		const latest = await latestExecution(n8n, cookies, workflowId);
		if (latest && latest.id !== previousId && FINAL.has(latest.status)) {
			return {
				executionId: latest.id,
				status: latest.status,
				startedAt,
				answeredAt,
				finishedAt: Date.now(),
				httpStatus: answer.status,
			};
		}
		await sleep(100);
	}
	throw new Error(
		`workflow ${workflowId}: the webhook answered HTTP ${answer.status}, but no finished execution appeared within 60 s`,
	);
}

/**
 * The stored execution: {status, error, runData, dataChars}, or {tooLarge: true} when the
 * execution data cannot come through the REST API (n8n withholds data above
 * EXECUTIONS_DATA_MAX_DISPLAY_SIZE; a JavaScript string holds at most ~512 M characters).
 */
async function readExecution(n8n, cookies, executionId) {
	const url = `${n8n.url}/rest/executions/${executionId}`;
	let execution;
	try {
		execution = expectOk(
			await httpJson('GET', url, { cookies, timeoutMs: 10 * 60 * 1000 }),
			`reading execution ${executionId}`,
		);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
		execution = { dataTooLargeToDisplay: true };
	}
	if (execution.dataTooLargeToDisplay)
		return { status: execution.status, tooLarge: true, runData: {}, dataChars: NaN };
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return {
		status: execution.status,
		error: data?.resultData?.error,
		runData: data?.resultData?.runData ?? {},
		dataChars:
			typeof execution.data === 'string'
				? execution.data.length
				: JSON.stringify(execution.data ?? {}).length,
	};
}

/** A node's last run in runData: {startTime, executionTime, items on output 0, error}. */
function nodeRun(runData, name) {
	const tasks = runData[name];
	const task = tasks?.[tasks.length - 1];
	if (!task) return undefined;
	return {
		startTime: task.startTime,
		executionTime: task.executionTime ?? 0,
		items: task.data?.main?.[0] ?? [],
		error: task.error,
	};
}

module.exports = {
	activateWorkflows,
	waitForWebhooks,
	latestExecution,
	runToEnd,
	readExecution,
	nodeRun,
};
