// n8n's queue mode, the way users scale n8n out: n8n 2.41.1 with one main and two workers,
// a fresh Redis (Debian's redis-server), filesystem binary data in one user folder shared by
// all three processes (each loads the package from that folder's nodes/). Every example runs
// as a webhook-triggered copy (`n8n execute` would bypass the queue) and must give the same
// output as single-process; the worker logs say which worker ran each execution.
const { freePort, setupOwner, httpJson } = require('../../scripts/lib/n8n');
const { startRedis } = require('../../scripts/lib/redis');
const {
	queueModeEnv,
	asWebhookWorkflow,
	waitForWebhooks,
	workerRuns,
	enqueuedExecutions,
	latestExecution,
} = require('../../scripts/lib/queueMode');
const { checkExample } = require('./examples.shared');
const { startRealN8n, loadWorkflows } = require('./support');

const FINAL = ['success', 'error', 'crashed', 'canceled'];
const OWNER = {
	email: 'queue@example.com',
	firstName: 'Queue',
	lastName: 'Mode',
	password: 'DGridQueue1234',
};
const examples = loadWorkflows().map(({ slug, workflow }) => ({
	slug,
	workflow: asWebhookWorkflow(workflow, { path: `dgrid-${slug}` }),
}));

describe('queue mode: n8n 2.x main + 2 workers, Redis, filesystem binary data', () => {
	let redis;
	let n8n;
	let cookies;
	const ranBy = new Map(); // execution id → worker name

	beforeAll(async () => {
		redis = await startRedis();
		n8n = await startRealN8n({
			label: 'queue',
			n8n: 2,
			binaryMode: 'filesystem',
			workflows: examples.map((e) => e.workflow),
			port: await freePort(),
			extraEnv: queueModeEnv(redis.port),
			activeState: 'fromJson',
		});
		await n8n.n8n.ensureActive(examples.map((e) => e.workflow.id));
		await n8n.n8n.start();
		// Concurrency 1: a worker busy with one execution leaves the next to the other worker.
		await Promise.all([
			n8n.n8n.startWorker({ concurrency: 1 }),
			n8n.n8n.startWorker({ concurrency: 1 }),
		]);
		cookies = await setupOwner(n8n.n8n, OWNER);
		await waitForWebhooks(
			n8n.n8n.url,
			examples.map((e) => `dgrid-${e.slug}`),
		);
	});
	afterAll(async () => {
		await n8n?.close();
		await redis?.stop();
	});

	/** The one worker whose log says it started and finished `executionId`. */
	function workerThatRan(executionId) {
		const runners = n8n.n8n.workers.filter((worker) => {
			const runs = workerRuns(worker.output);
			return runs.started.has(executionId) && runs.finished.has(executionId);
		});
		expect(runners.map((w) => w.name)).toHaveLength(1);
		return runners[0].name;
	}

	/** POST to the example's webhook; resolves once n8n answered (the run is over), with the execution n8n recorded. */
	async function runThroughQueue({ slug, workflow }) {
		const before = await latestExecution(n8n.n8n.url, cookies, workflow.id);
		const response = await httpJson('POST', `${n8n.n8n.url}/webhook/dgrid-${slug}`, { body: {} });
		const latest = await latestExecution(n8n.n8n.url, cookies, workflow.id);
		if (!latest || latest.id === before?.id)
			throw new Error(
				`no execution of ${slug} recorded (webhook answered HTTP ${response.status} ${response.text.slice(0, 200)})`,
			);
		// The worker saves the execution before main answers the webhook; poll a little in case it has not.
		let execution = await n8n.n8n.fetchExecution(latest.id, cookies);
		for (let i = 0; i < 20 && !FINAL.includes(execution.status); i++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			execution = await n8n.n8n.fetchExecution(latest.id, cookies);
		}
		const error = execution.data.resultData.error;
		return {
			ok: execution.status === 'success' && !error,
			error,
			response,
			executionId: String(latest.id),
			execution,
			run: execution.run,
		};
	}

	for (const { slug, workflow } of examples) {
		test(`${slug} runs on a worker with the same output as single-process`, async () => {
			const result = await n8n.observe(workflow, () => runThroughQueue({ slug, workflow }));
			if (!result.ok)
				throw new Error(
					`${slug} failed in queue mode: ${result.error?.message ?? result.execution.status} (webhook: HTTP ${result.response.status})`,
				);
			expect(result.response.status).toBe(200);
			expect(result.execution.mode).toBe('webhook');
			expect(enqueuedExecutions(n8n.n8n.main.output).has(result.executionId)).toBe(true);
			ranBy.set(result.executionId, workerThatRan(result.executionId));
			checkExample({
				slug,
				workflow,
				result,
				binaryMode: 'filesystem',
				storedBinary: (id) => n8n.storedBinary(id),
			});
		});
	}

	test('two executions at once run on the two workers, both with their images', async () => {
		const example = examples.find((e) => e.slug === '01-generate-and-save');
		n8n.gateway.setLatency(1500); // each execution still runs while the other one is queued
		const before = n8n.gateway.produced.length;
		const responses = await Promise.all(
			[1, 2].map(() =>
				httpJson('POST', `${n8n.n8n.url}/webhook/dgrid-${example.slug}`, { body: {} }),
			),
		);
		n8n.gateway.setLatency(0);
		expect(responses.map((r) => r.status)).toEqual([200, 200]);
		expect(n8n.gateway.produced.length - before).toBe(4);
		const filter = encodeURIComponent(JSON.stringify({ workflowId: example.workflow.id }));
		const listed = await httpJson(
			'GET',
			`${n8n.n8n.url}/rest/executions?filter=${filter}&limit=2`,
			{ cookies },
		);
		const ids = listed.json.data.results.map((e) => String(e.id));
		expect(listed.json.data.results.map((e) => e.status)).toEqual(['success', 'success']);
		const workers = ids.map((id) => workerThatRan(id));
		expect(new Set(workers)).toEqual(new Set(['worker1', 'worker2']));
		for (const id of ids) ranBy.set(id, workerThatRan(id));
	});

	test('main ran nothing itself; every execution ran on exactly one worker', () => {
		expect(ranBy.size).toBe(examples.length + 2);
		expect(workerRuns(n8n.n8n.main.output).started.size).toBe(0);
		const perWorker = {};
		for (const worker of ranBy.values()) perWorker[worker] = (perWorker[worker] ?? 0) + 1;
		console.log(`Executions per worker: ${JSON.stringify(perWorker)}`);
		expect(Object.keys(perWorker).sort()).toEqual(['worker1', 'worker2']);
	});
});
