// Issue "Foundation": the real DGrid node, run through n8n-core's WorkflowExecute, talks to
// the test gateway with the credential's key; bad base URLs and wrong keys give clear errors
// that never contain the key.
import net from 'net';

import { runWorkflow, testCredential } from '../tools/harness';
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
		expect(gateway.requests.map((request) => request.authorization)).toEqual(
			Array(4).fill('Bearer sk-foundation-secret-4242'),
		);
		// n8n reads a credential from its database and decrypts it on every read: once, not per call.
		expect(result.credentialsHelper.decryptCalls).toHaveLength(1);
	});

	it("without a credential, every item reports n8n's own reason", async () => {
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

	// The gateway's address is known only once it runs: rows say how to spell it.
	it.each([
		['a trailing slash', (url: string) => `${url}/`],
		['/v1/', (url: string) => `${url}/v1/`],
		['spaces and two slashes', (url: string) => ` ${url}//`],
	])('accepts a base URL with %s', async (_spelling, spell) => {
		const result = await runWorkflow({
			node: { parameters: qwenGenerate() },
			credentials: { apiKey: gateway.apiKey, baseUrl: spell(gateway.baseUrl) },
		});
		expect(result.error).toBeUndefined();
		expect(gateway.requests.map((request) => request.path)).toEqual(['/v1/images/generations']);
	});
});

describe('the credential test', () => {
	it.each([
		['as it is', (url: string) => url],
		['with a trailing slash', (url: string) => `${url}/`],
		['with /v1/', (url: string) => `${url}/v1/`],
	])(
		'passes with the right key and a base URL %s, calling GET /v1/models with it',
		async (_spelling, spell) => {
			const outcome = await testCredential({
				apiKey: gateway.apiKey,
				baseUrl: spell(gateway.baseUrl),
			});
			expect(outcome.status).toBe('OK');
			expect(gateway.requests).toHaveLength(1);
			expect(gateway.requests[0]).toMatchObject({
				method: 'GET',
				path: '/v1/models',
				authorization: 'Bearer sk-foundation-secret-4242',
			});
		},
	);

	it('fails with a clear message with a wrong key, without the key', async () => {
		const outcome = await testCredential({
			apiKey: 'sk-wrong-key-999999',
			baseUrl: gateway.baseUrl,
		});
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/401/);
		expect(outcome.message).toMatch(/Invalid token/i);
		expect(outcome.message).not.toContain('sk-wrong-key-999999');
	});

	it('fails clearly for an unreachable host', async () => {
		const port = await closedPort();
		const outcome = await testCredential({
			apiKey: gateway.apiKey,
			baseUrl: `http://127.0.0.1:${port}`,
		});
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('ECONNREFUSED');
	});
});
