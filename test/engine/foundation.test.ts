// Issue "Foundation": the real DGrid node, run through n8n-core's WorkflowExecute, talks to
// the test gateway with the credential's key; bad base URLs and wrong keys give clear errors
// that never contain the key.
import net from 'net';

import { runWorkflow, testCredential } from '../harness';
import { credentialsFor, modelId, useGateway } from './support';

const gateway = useGateway({ apiKey: 'sk-foundation-secret-4242' });

const qwenGenerate = (options: Record<string, unknown> = {}) => ({
	operation: 'qwenGenerate',
	model: modelId('qwen-image'),
	prompt: 'a lighthouse at dusk',
	options: { maxRetries: 0, ...options },
});

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('the DGrid node in the real engine', () => {
	it('sends the credential key as a Bearer token and returns the image as binary', async () => {
		const result = await runWorkflow({
			node: { parameters: qwenGenerate() },
			credentials: credentialsFor(gateway),
		});
		expect(result.error).toBeUndefined();
		const apiCalls = gateway.requests.filter((request) => request.path.startsWith('/v1/'));
		expect(apiCalls).toHaveLength(1);
		expect(apiCalls[0].authorization).toBe('Bearer sk-foundation-secret-4242');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary!.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(gateway.cdnRequests.every((request) => !request.hadAuthorization)).toBe(true);
	});

	it('reads the credential once for all items of an execution and sends its key with every call', async () => {
		const result = await runWorkflow({
			node: { parameters: { ...qwenGenerate(), prompt: '={{ $json.prompt }}' } },
			credentials: credentialsFor(gateway),
			input: [1, 2, 3, 4].map((n) => ({ json: { prompt: `lighthouse ${n}` } })),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(gateway.requests.map((request) => request.authorization)).toEqual(Array(4).fill('Bearer sk-foundation-secret-4242'));
		// n8n reads a credential from its database and decrypts it on every read: once, not per call.
		expect(result.credentialsHelper.decryptCalls).toHaveLength(1);
	});

	it('without a credential, every item reports n8n\'s own reason', async () => {
		const result = await runWorkflow({
			node: { parameters: qwenGenerate(), continueOnFail: true },
			credentials: null,
			input: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Node does not have any credentials set', { item: 0 }],
			['Node does not have any credentials set', { item: 1 }],
		]);
		expect(gateway.requests).toHaveLength(0);
	});

	it('accepts a base URL with a trailing slash or /v1', async () => {
		for (const baseUrl of [`${gateway.baseUrl}/`, `${gateway.baseUrl}/v1/`, ` ${gateway.baseUrl}//`]) {
			const result = await runWorkflow({
				node: { parameters: qwenGenerate() },
				credentials: { apiKey: gateway.apiKey, baseUrl },
			});
			expect(result.error).toBeUndefined();
		}
		expect(gateway.requests.map((request) => request.path)).toEqual([
			'/v1/images/generations',
			'/v1/images/generations',
			'/v1/images/generations',
		]);
	});

	it('reports a base URL that is not http(s), naming the credential setting', async () => {
		const result = await runWorkflow({
			node: { parameters: qwenGenerate() },
			credentials: { apiKey: gateway.apiKey, baseUrl: 'ftp://files.example.com' },
		});
		expect(result.error?.message).toBe(
			'The Base URL in the DGrid API credential is not an http(s) URL: "ftp://files.example.com"',
		);
		expect(gateway.requests).toHaveLength(0);
	});

	it('reports an unreachable gateway with its address, quickly and without retries', async () => {
		const port = await closedPort();
		const result = await runWorkflow({
			node: { parameters: qwenGenerate({ maxRetries: 2 }) },
			credentials: { apiKey: gateway.apiKey, baseUrl: `http://127.0.0.1:${port}` },
		});
		expect(result.error?.message).toBe(
			`Qwen Generate failed for item 0: Could not reach DGrid at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
		);
	});

	it('reports a wrong key without ever showing a key', async () => {
		const result = await runWorkflow({
			node: { parameters: qwenGenerate(), continueOnFail: true },
			credentials: { apiKey: 'sk-wrong-key-999999', baseUrl: gateway.baseUrl },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			'Qwen Generate failed for item 0: DGrid did not accept the API key — check the DGrid API credential (HTTP 401)',
		);
		expect(String(result.items[0].json.details)).toMatch(/^DGrid said: .*request id/);
		const everything = JSON.stringify(result.runData);
		expect(everything).not.toContain('sk-wrong-key-999999');
		expect(everything).not.toContain('sk-foundation-secret-4242');
		// The transport reads error statuses itself (ignoreHttpStatusErrors), so n8n-core's
		// "retry once after a 401" does not double the call, and a 401 is never retried.
		expect(gateway.requests.map((request) => request.status)).toEqual([401]);
	});

	it('sends a failed item to the error output and keeps the others in order', async () => {
		const result = await runWorkflow({
			node: {
				parameters: { ...qwenGenerate(), prompt: '={{ $json.prompt }}', options: { maxRetries: 0, concurrency: 3 } },
				onError: 'continueErrorOutput',
			},
			credentials: credentialsFor(gateway),
			input: [
				{ json: { prompt: 'first picture' } },
				{ json: { prompt: 'second picture [dgrid:refuse]' } },
				{ json: { prompt: 'third picture' } },
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.items.map((item) => item.json.prompt)).toEqual(['first picture', 'third picture']);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].json.error).toMatch(/^Qwen Generate failed for item 1: /);
		expect(result.errorItems[0].json.prompt).toBe('second picture [dgrid:refuse]');
	});

	it('rejects an operation this version does not implement, instead of pretending', async () => {
		const result = await runWorkflow({
			node: { parameters: { ...qwenGenerate(), operation: 'upscale' } },
			credentials: credentialsFor(gateway),
		});
		expect(result.error?.message ?? '').toContain('"upscale" is not available in this version of the DGrid node');
		expect(gateway.requests).toHaveLength(0);
	});
});

describe('the credential test', () => {
	it('passes with the right key and calls GET /v1/models with it', async () => {
		for (const baseUrl of [gateway.baseUrl, `${gateway.baseUrl}/`, `${gateway.baseUrl}/v1/`]) {
			const outcome = await testCredential({ apiKey: gateway.apiKey, baseUrl });
			expect(outcome.status).toBe('OK');
		}
		expect(gateway.requests).toHaveLength(3);
		for (const request of gateway.requests) {
			expect(request).toMatchObject({ method: 'GET', path: '/v1/models', authorization: 'Bearer sk-foundation-secret-4242' });
		}
	});

	it('fails with a clear message with a wrong key, without the key', async () => {
		const outcome = await testCredential({ apiKey: 'sk-wrong-key-999999', baseUrl: gateway.baseUrl });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/401/);
		expect(outcome.message).toMatch(/Invalid token/i);
		expect(outcome.message).not.toContain('sk-wrong-key-999999');
	});

	it('fails clearly for an unreachable host', async () => {
		const port = await closedPort();
		const outcome = await testCredential({ apiKey: gateway.apiKey, baseUrl: `http://127.0.0.1:${port}` });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('ECONNREFUSED');
	});
});
