// The package inside a real n8n beyond the happy path, in n8n 2.x and 1.x: errors as n8n
// records them in the execution data (CLI), and the editor's server side — node and credential
// types of the community package, the credential test and the model list (REST API of `n8n start`).
const { freePort, httpJson, setupOwner } = require('../../scripts/lib/n8n');
const { EXAMPLE_CREDENTIAL, loadWorkflows, writtenFiles } = require('../../scripts/lib/examples');
const { nodeError } = require('../../scripts/lib/report');
const { startRealN8n, loadFixture } = require('./support');

const WRONG_KEY = 'sk-wrong-key-e2e-424242';
const WRONG_KEY_CREDENTIAL = { id: 'dgridWrongKey01', name: 'DGrid wrong key', type: 'dgridApi' };

for (const major of [2, 1]) {
	describe(`n8n ${major}.x: errors surface in n8n execution data with the node messages`, () => {
		const fixtures = ['refused-generate', 'gemini-safety', 'wrong-key'].map((name) =>
			loadFixture(name),
		);
		const [refused, geminiSafety, wrongKey] = fixtures;
		let n8n;
		beforeAll(async () => {
			n8n = await startRealN8n({
				label: 'errors',
				n8n: major,
				workflows: fixtures,
				extraCredentials: (gateway) => [
					{ ...WRONG_KEY_CREDENTIAL, data: { apiKey: WRONG_KEY, baseUrl: gateway.baseUrl } },
				],
			});
		});
		afterAll(async () => {
			await n8n?.close();
		});

		test('a refused prompt (no continue-on-fail) fails the execution with the node error', async () => {
			const result = await n8n.execute(refused);
			expect(result.ok).toBe(false);
			expect(result.exitCode).not.toBe(0);
			const error = result.run.data.resultData.error;
			expect(error.message).toMatch(/^Generate failed for item 0: /);
			expect(error.description).toMatch(/DGrid said: .*request id/is);
			expect(error.node.name).toBe('Generate');
			expect(error.node.type).toBe('n8n-nodes-dgrid.dgridImages');
			expect(result.run.data.resultData.lastNodeExecuted).toBe('Generate');
			expect(nodeError(result.run, 'Generate').message).toBe(error.message);
			// The gateway answered the refusal with 400 content_policy_violation, once (maxRetries 0).
			expect(result.requests.map((r) => r.status)).toEqual([400]);
			expect(result.files).toEqual([]);
		});

		test('an answer without an image is an error quoting the reason, never an empty file', async () => {
			const result = await n8n.execute(geminiSafety);
			expect(result.ok).toBe(false);
			const error = result.run.data.resultData.error;
			expect(error.message).toMatch(/^Gemini Generate Content failed for item 0: /);
			expect(`${error.message} ${error.description ?? ''}`).toContain('SAFETY');
			expect(result.requests.map((r) => r.status)).toEqual([200]);
		});

		test('a wrong key fails clearly, and no key shows up in the execution data or the logs', async () => {
			const result = await n8n.execute(wrongKey);
			expect(result.ok).toBe(false);
			const error = result.run.data.resultData.error;
			expect(error.message).toMatch(
				/^Qwen Generate failed for item 0: DGrid did not accept the API key/,
			);
			expect(result.requests[0].authorization).toBe(`Bearer ${WRONG_KEY}`);
			const everything = `${result.stdout}\n${result.stderr}`;
			expect(everything).not.toContain(WRONG_KEY);
			expect(everything).not.toContain(n8n.gateway.apiKey);
		});
	});

	describe(`n8n ${major}.x: editor back end with the package installed`, () => {
		const example = loadWorkflows().find((e) => e.slug === '01-generate-and-save').workflow;
		let n8n;
		let cookies;
		beforeAll(async () => {
			// `n8n start` on a free port, then the owner account a fresh instance asks for.
			n8n = await startRealN8n({
				label: 'editor',
				n8n: major,
				workflows: [example],
				port: await freePort(),
			});
			await n8n.n8n.start();
			cookies = await setupOwner(n8n.n8n, {
				email: 'e2e@example.com',
				firstName: 'E2E',
				lastName: 'Tests',
				password: 'DGridE2e1234',
			});
		});
		afterAll(async () => {
			await n8n?.close();
		});

		const credentialBody = (data) => ({
			credentials: {
				id: EXAMPLE_CREDENTIAL.id,
				name: EXAMPLE_CREDENTIAL.name,
				type: 'dgridApi',
				data,
			},
		});

		test('the node and credential types carry the community package prefix', async () => {
			const nodes = await httpJson('GET', `${n8n.n8n.url}/types/nodes.json`, { cookies });
			expect(nodes.status).toBe(200);
			const names = nodes.json.map((node) => node.name).filter((name) => name.includes('dgrid'));
			expect(names).toEqual(
				expect.arrayContaining(['n8n-nodes-dgrid.dgridImages', 'n8n-nodes-dgrid.dgridImagesTool']),
			);
			const dgrid = nodes.json.find((node) => node.name === 'n8n-nodes-dgrid.dgridImages');
			expect(dgrid.displayName).toBe('DGrid Images');
			const operation = dgrid.properties.find((p) => p.name === 'operation');
			// n8n appends its own "Custom API Call" entry to community nodes with a credential.
			expect(operation.options.map((o) => o.value)).toEqual([
				'generate',
				'edit',
				'qwenGenerate',
				'qwenEdit',
				'geminiGenerateContent',
				'chat',
				'__CUSTOM_API_CALL__',
			]);
			const credentials = await httpJson('GET', `${n8n.n8n.url}/types/credentials.json`, {
				cookies,
			});
			expect(credentials.json.map((c) => c.name)).toContain('dgridApi');
		});

		test('the credential test calls GET /v1/models with the key and passes', async () => {
			const before = n8n.gateway.requests.length;
			const response = await httpJson('POST', `${n8n.n8n.url}/rest/credentials/test`, {
				cookies,
				body: credentialBody({ apiKey: n8n.gateway.apiKey, baseUrl: `${n8n.gateway.baseUrl}/` }),
			});
			expect(response.status).toBe(200);
			expect(response.json.data).toEqual({ status: 'OK', message: 'Connection successful!' });
			const seen = n8n.gateway.requests.slice(before);
			expect(seen.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/v1/models', 200]]);
			expect(seen[0].authorization).toBe(`Bearer ${n8n.gateway.apiKey}`);
		});

		test('the credential test fails for a wrong key', async () => {
			const response = await httpJson('POST', `${n8n.n8n.url}/rest/credentials/test`, {
				cookies,
				body: credentialBody({ apiKey: WRONG_KEY, baseUrl: n8n.gateway.baseUrl }),
			});
			expect(response.status).toBe(200);
			expect(response.json.data.status).toBe('Error');
			expect(response.text).not.toContain(WRONG_KEY);
		});

		test('the model picker lists the gateway image models', async () => {
			const response = await httpJson(
				'POST',
				`${n8n.n8n.url}/rest/dynamic-node-parameters/resource-locator-results`,
				{
					cookies,
					body: {
						path: 'parameters.model',
						nodeTypeAndVersion: { name: 'n8n-nodes-dgrid.dgridImages', version: 1 },
						currentNodeParameters: { operation: 'generate' },
						methodName: 'searchModels',
						credentials: { dgridApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name } },
						filter: '',
					},
				},
			);
			expect(response.status).toBe(200);
			const ids = response.json.data.results.map((r) => r.value);
			expect(ids).toEqual(
				expect.arrayContaining(['gpt-image-1', 'dall-e-3', 'qwen-image', 'gemini-2.5-flash-image']),
			);
			// Text-only chat models are filtered out of the image model list.
			expect(ids).not.toContain('claude-sonnet-4');
		});

		test('"Execute workflow" in the editor runs an example in n8n\'s own process; the images can be viewed there', async () => {
			const url = n8n.n8n.url;
			const before = n8n.gateway.produced.length;
			const trigger = example.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
			const started = await httpJson('POST', `${url}/rest/workflows/${example.id}/run`, {
				cookies,
				// n8n 1.x's editor sends the workflow along (2.x reads it from the database).
				body: { workflowData: example, triggerToStartFrom: { name: trigger.name } },
			});
			expect(started.status).toBe(200);
			const executionId = started.json.data.executionId;
			let execution;
			for (let i = 0; i < 120; i++) {
				execution = (await httpJson('GET', `${url}/rest/executions/${executionId}`, { cookies }))
					.json.data;
				if (['success', 'error', 'crashed'].includes(execution.status)) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			expect(execution.status).toBe('success');

			const produced = n8n.gateway.produced.slice(before);
			expect(produced).toHaveLength(2);
			const runData = (await n8n.n8n.fetchExecution(executionId, cookies)).data.resultData.runData;
			const items = runData['Generate images'][0].data.main[0];
			expect(items).toHaveLength(2);
			for (const [index, item] of items.entries()) {
				// What the editor's binary viewer fetches.
				const view = await httpJson(
					'GET',
					`${url}/rest/binary-data?id=${encodeURIComponent(item.binary.data.id)}&action=view`,
					{ cookies },
				);
				expect(view.status).toBe(200);
				expect(view.headers['content-type']).toMatch(/^image\/png/);
				expect(view.body.equals(produced[index].bytes)).toBe(true);
			}
			const files = writtenFiles(n8n.workDir, example);
			expect(files.map((f) => f.bytes.length).sort()).toEqual(
				produced.map((p) => p.bytes.length).sort(),
			);
			for (const file of files) expect(produced.some((p) => p.bytes.equals(file.bytes))).toBe(true);
		});
	});
}
