'use strict';
// n8n's queue mode (one main, workers, Redis) for the example workflows: the environment every
// process and CLI command needs, webhook-triggered copies of the examples (`n8n execute`
// bypasses the queue, a webhook call goes through it), and reading which worker ran what.
const crypto = require('node:crypto');

const { httpJson } = require('./n8n');

/** Environment of every n8n process and CLI command of a queue-mode instance. */
function queueModeEnv(redisPort) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
	};
}

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/**
 * The workflow with its Manual Trigger replaced by a Webhook (POST /webhook/<path>, answering
 * with the last node's data once the run is over), active. Everything else stays as it is.
 */
function asWebhookWorkflow(workflow, { path }) {
	const trigger = workflow.nodes.find((node) => node.type === MANUAL_TRIGGER);
	if (!trigger) throw new Error(`workflow ${workflow.id} has no Manual Trigger to replace`);
	const name = 'Webhook';
	const webhook = {
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: trigger.position,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
	const connections = Object.fromEntries(
		Object.entries(workflow.connections).map(([from, outputs]) => [
			from === trigger.name ? name : from,
			outputs,
		]),
	);
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (node === trigger ? webhook : node)),
		connections,
		active: true,
	};
}

/**
 * Main answers /healthz/readiness before it has registered the webhooks of active workflows;
 * a POST-only webhook path answers a GET with "not registered for GET requests" once it has.
 */
async function waitForWebhooks(baseUrl, paths, { timeoutMs = 60000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (const path of paths) {
		for (;;) {
			const response = await httpJson('GET', `${baseUrl}/webhook/${path}`).catch(() => undefined);
			if (response && /not registered for GET/i.test(response.text)) break;
			if (Date.now() > deadline)
				throw new Error(
					`webhook ${path} not registered within ${timeoutMs / 1000} s (last answer: ${response?.status} ${response?.text.slice(0, 200)})`,
				);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

/**
 * Which executions a queue-mode process ran, from its log ("Worker started execution 7 (job
 * 12)" / "Worker finished execution 7 (job 12)"): {started: Set of ids, finished: Set of ids}.
 */
function workerRuns(logText) {
	const ids = (verb) =>
		new Set(
			[...logText.matchAll(new RegExp(`Worker ${verb} execution (\\d+)`, 'g'))].map((m) => m[1]),
		);
	return { started: ids('started'), finished: ids('finished') };
}

/** Executions main put on the queue ("Enqueued execution 7 (job 12)"). */
function enqueuedExecutions(logText) {
	return new Set([...logText.matchAll(/Enqueued execution (\d+)/g)].map((m) => m[1]));
}

/** The newest execution of a workflow (REST, owner cookies), as {id, status, mode, ...}. */
async function latestExecution(baseUrl, cookies, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const response = await httpJson('GET', `${baseUrl}/rest/executions?filter=${filter}&limit=10`, {
		cookies,
	});
	if (response.status !== 200)
		throw new Error(`GET /rest/executions: HTTP ${response.status} ${response.text.slice(0, 200)}`);
	const results = response.json.data.results ?? [];
	return results.sort((a, b) => Number(b.id) - Number(a.id))[0];
}

module.exports = {
	queueModeEnv,
	asWebhookWorkflow,
	waitForWebhooks,
	workerRuns,
	enqueuedExecutions,
	latestExecution,
};
