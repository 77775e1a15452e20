// DGrid Images as an AI Agent's tool in real n8n, the way a person chats with an agent that
// draws: Webhook → AI Agent with n8n's OpenAI Chat Model (its base URL a scripted LLM on
// loopback that calls the tool, then answers with what the tool returned) and the DGrid tool.
// The answer must hold a link that opens the very image with no n8n login; in n8n 1.x (binary
// data in memory) the agent must learn why there is no link, and nothing crashes.
const crypto = require('node:crypto');

const { ensureGatewayBuilt } = require('../../scripts/lib/gateway');
const { freePort, httpJson, setupOwner } = require('../../scripts/lib/n8n');
const { queueModeEnv, waitForWebhooks, latestExecution } = require('../../scripts/lib/queueMode');
const { startRedis } = require('../../scripts/lib/redis');
const { agentWorkflow, agentVersionFor, llmCredential, TOOL_NODE } = require('./agentWorkflow');
const { startRealN8n } = require('./support');

const OWNER = {
	email: 'agent@example.com',
	firstName: 'Agent',
	lastName: 'Tests',
	password: 'DGridAgent1234',
};
const SIGNED_LINK =
	/!\[[^\]]*\]\((http:\/\/localhost:\d+\/rest\/binary-data\/signed\?token=[^)\s]+)\)/;
const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A scripted LLM (loopback) for one describe block. */
async function startLlm() {
	const { startScriptedLlm } = require(await ensureGatewayBuilt());
	return startScriptedLlm();
}

/**
 * A real n8n with the agent workflows imported and active, started, with an owner account.
 * @param {object} o
 * @param {1|2} o.major
 * @param {'default'|'filesystem'|'database'} o.binaryMode
 * @param {object[]} o.workflows (built with agentWorkflow for this n8n)
 * @param {number} [o.workers] queue mode with this many workers
 */
async function startAgentN8n({ major, binaryMode, workflows, llm, workers = 0 }) {
	const redis = workers > 0 ? await startRedis() : undefined;
	const n8n = await startRealN8n({
		label: `agent-${binaryMode}`,
		n8n: major,
		binaryMode,
		workflows,
		port: await freePort(),
		extraCredentials: [llmCredential(llm)],
		...(redis ? { extraEnv: queueModeEnv(redis.port), activeState: 'fromJson' } : {}),
	});
	await n8n.n8n.ensureActive(workflows.map((workflow) => workflow.id));
	await n8n.n8n.start();
	for (let index = 0; index < workers; index++) await n8n.n8n.startWorker();
	const cookies = await setupOwner(n8n.n8n, OWNER);
	await waitForWebhooks(
		n8n.n8n.url,
		workflows.map((workflow) => workflow.nodes[0].parameters.path),
	);
	return {
		n8n,
		cookies,
		async close() {
			await n8n.close();
			await redis?.stop();
		},
	};
}

/** Sends a chat message to the agent; resolves its answer, the time it took and the tool result the LLM got. */
async function chat(instance, llm, workflow, message) {
	const requestsBefore = llm.requests.length;
	const started = Date.now();
	const response = await httpJson(
		'POST',
		`${instance.n8n.n8n.url}/webhook/${workflow.nodes[0].parameters.path}`,
		{
			body: { message },
			timeoutMs: 120000,
		},
	);
	const seconds = (Date.now() - started) / 1000;
	const llmRequests = llm.requests.slice(requestsBefore);
	const toolMessages = llmRequests.flatMap((request) =>
		(request.body.messages ?? []).filter((m) => m.role === 'tool'),
	);
	return {
		status: response.status,
		answer: response.json?.output,
		text: response.text,
		seconds,
		llmRequests,
		toolResult: toolMessages.at(-1)?.content,
	};
}

/** GET without any n8n cookie. */
const fetchAnonymously = (url) => httpJson('GET', url);

function describeLinkedImages({ major, binaryMode, workers = 0, title }) {
	describe(title, () => {
		const agentVersion = agentVersionFor({ major });
		const workflow = agentWorkflow({ id: `agent${major}${binaryMode.slice(0, 2)}`, agentVersion });
		const shortLived = agentWorkflow({
			id: `agentShort${major}${binaryMode.slice(0, 2)}`,
			agentVersion,
			toolOptions: { imageLinkExpiry: 0.1 },
		});
		let llm;
		let instance;
		beforeAll(async () => {
			llm = await startLlm();
			instance = await startAgentN8n({
				major,
				binaryMode,
				workflows: [workflow, shortLived],
				llm,
				workers,
			});
		});
		afterAll(async () => {
			await instance?.close();
			await llm?.close();
		});

		test('the agent answers with a link that opens the exact image, with no n8n login', async () => {
			const result = await chat(instance, llm, workflow, 'Draw a red fox in snow, watercolor');
			expect(result.status).toBe(200);
			expect(result.llmRequests).toHaveLength(2);
			const link = SIGNED_LINK.exec(result.answer)?.[1];
			expect(link).toBeDefined();
			const image = await fetchAnonymously(link);
			expect(image.status).toBe(200);
			expect(image.headers['content-type']).toMatch(/^image\/png/);
			const produced = instance.n8n.gateway.produced.at(-1).bytes;
			expect(sha(image.body)).toBe(sha(produced));
			// What the model got from the tool: a few hundred characters, no image data.
			expect(result.toolResult.length).toBeLessThan(1000);
			expect(result.toolResult).not.toMatch(/[A-Za-z0-9+/]{200,}/);
			console.log(
				`n8n ${major}.x (${binaryMode}${workers ? `, queue mode, ${workers} workers` : ''}): chat message to answer ${result.seconds.toFixed(2)} s; the model got ${result.toolResult.length} characters from the tool for one image`,
			);

			// A token changed by one character, or cut, is refused.
			const token = new URL(link).searchParams.get('token');
			const tampered = link.replace(
				token,
				`${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`,
			);
			expect((await fetchAnonymously(tampered)).status).toBe(400);
			expect((await fetchAnonymously(link.replace(token, token.slice(0, 40)))).status).toBe(400);
		});

		test("the tool's run shows the request's tokens, summed over the node's items", async () => {
			const execution = await latestExecution(instance.n8n.n8n.url, instance.cookies, workflow.id);
			const { run } = await instance.n8n.n8n.fetchExecution(execution.id, instance.cookies);
			const toolRuns = run.data.resultData.runData[TOOL_NODE];
			expect(toolRuns).toHaveLength(1);
			const items = Object.values(toolRuns[0].data).flat(2);
			const usage = items.map((item) => item.json.tokenUsage).filter(Boolean);
			expect(usage).toHaveLength(1);
			const request = instance.n8n.gateway.requests
				.filter((r) => r.path === '/v1/images/generations')
				.at(-1);
			expect(request.json.prompt).toBe('Draw a red fox in snow, watercolor');
			expect(usage[0].totalTokens).toBeGreaterThan(0);
			if (major >= 2) {
				expect(toolRuns[0].metadata.tokenUsage).toEqual({
					inputTokens: usage[0].inputTokens,
					outputTokens: usage[0].outputTokens,
				});
			}
		});

		test('an expired link gets 400', async () => {
			const result = await chat(instance, llm, shortLived, 'Draw a lighthouse at dusk');
			const link = SIGNED_LINK.exec(result.answer)?.[1];
			expect((await fetchAnonymously(link)).status).toBe(200);
			// Expiry 0.1 min = 6 s; the token's exp is in whole seconds.
			await new Promise((resolve) => setTimeout(resolve, 8000));
			expect((await fetchAnonymously(link)).status).toBe(400);
		});
	});
}

describeLinkedImages({
	major: 2,
	binaryMode: 'filesystem',
	title: 'n8n 2.x agent with the DGrid tool: filesystem binary data',
});
describeLinkedImages({
	major: 2,
	binaryMode: 'database',
	workers: 1,
	title: 'n8n 2.x agent in queue mode: database binary data, one worker',
});

describe('n8n 1.x agent with the DGrid tool: binary data in memory (its default)', () => {
	const workflow = agentWorkflow({
		id: 'agent1memory',
		agentVersion: agentVersionFor({ major: 1 }),
	});
	let llm;
	let instance;
	beforeAll(async () => {
		llm = await startLlm();
		instance = await startAgentN8n({ major: 1, binaryMode: 'default', workflows: [workflow], llm });
	});
	afterAll(async () => {
		await instance?.close();
		await llm?.close();
	});

	test('the agent learns in one sentence why there is no link and which setting gives one; the image is still made', async () => {
		const result = await chat(instance, llm, workflow, 'Draw a red fox in snow');
		expect(result.status).toBe(200);
		expect(result.toolResult).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
		expect(result.answer).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
		expect(result.answer).not.toMatch(SIGNED_LINK);
		expect(instance.n8n.gateway.produced).toHaveLength(1);
		console.log(
			`n8n 1.x (memory): chat message to answer ${result.seconds.toFixed(2)} s; the model got ${result.toolResult.length} characters from the tool`,
		);
	});
});
