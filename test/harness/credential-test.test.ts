/** testCredential runs the credential's declarative test request like n8n's credential dialog does. */
import { testCredential } from '../tools/harness';
import { useGateway } from '../engine/support';
import { closedPort } from './ports';

const gateway = useGateway();

test('OK with the right key; the base URL may carry a trailing slash', async () => {
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: `${gateway.baseUrl}/` });

	expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
	expect(gateway.requests).toEqual([
		expect.objectContaining({
			method: 'GET',
			path: '/v1/models',
			authorization: `Bearer ${gateway.apiKey}`,
		}),
	]);
});

test('a wrong key: the dialog says the key was not accepted, not just "Unauthorized" (never the key)', async () => {
	const wrongKey = 'sk-wrong-key-abcdef123';
	const result = await testCredential({ apiKey: wrongKey, baseUrl: gateway.baseUrl });

	expect(result.status).toBe('Error');
	expect(result.httpStatus).toBe(401);
	expect(result.n8nMessage).toBe(
		'DGrid did not accept this API key (HTTP 401). Check the key: it may be mistyped, revoked or expired.',
	);
	// The harness's own `message` adds what the gateway said (n8n's dialog shows the rule alone).
	expect(result.message).toMatch(
		/^DGrid did not accept this API key \(HTTP 401\)\. .* DGrid said: \S/,
	);
	expect(result.message).not.toContain(wrongKey);
	// n8n-core retries a 401 once before giving up.
	expect(gateway.requests.filter((r) => r.path === '/v1/models')).toHaveLength(2);
});

test('a key DGrid refuses (403): the dialog says so', async () => {
	gateway.queueFault({ kind: 'status', status: 403, route: 'models' });
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: gateway.baseUrl });

	expect(result).toMatchObject({ status: 'Error', httpStatus: 403 });
	expect(result.n8nMessage).toMatch(/^DGrid refused this API key \(HTTP 403\)/);
});

test('a base URL without /v1/models (404): the dialog says it is not a DGrid gateway', async () => {
	const result = await testCredential({
		apiKey: gateway.apiKey,
		baseUrl: `${gateway.baseUrl}/some/page`,
	});

	expect(result).toMatchObject({ status: 'Error', httpStatus: 404 });
	expect(result.n8nMessage).toMatch(
		/^The Base URL is not a DGrid gateway: it has no \/v1\/models \(HTTP 404\)\. Use https:\/\/api\.dgrid\.ai/,
	);
	expect(gateway.requests.map((r) => r.path)).toEqual(['/some/page/v1/models']);
});

test('a web page answering 200 at /v1/models is not taken for a gateway', async () => {
	gateway.queueFault({
		kind: 'status',
		status: 200,
		route: 'models',
		body: '<!doctype html><html><body>Welcome</body></html>',
	});
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: gateway.baseUrl });

	expect(result.status).toBe('Error');
	expect(result.n8nMessage).toMatch(
		/^The Base URL answered, but not like a DGrid gateway: \/v1\/models returned no model list\./,
	);
});

test("New API's 200 {success: false} (group lookup failed) is reported, not taken for success", async () => {
	gateway.queueFault({
		kind: 'status',
		status: 200,
		route: 'models',
		body: { success: false, message: 'group not found' },
	});
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: gateway.baseUrl });

	expect(result.status).toBe('Error');
	expect(result.n8nMessage).toMatch(
		/^DGrid accepted the key but could not list its models \(success: false\)/,
	);
});

test('an empty model list is still a gateway that accepted the key', async () => {
	gateway.queueFault({
		kind: 'status',
		status: 200,
		route: 'models',
		body: { object: 'list', data: [], success: true },
	});
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: gateway.baseUrl });

	expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
});

test("Error quoting the server's own message for a 5xx", async () => {
	gateway.queueFault({
		kind: 'status',
		status: 500,
		route: 'models',
		body: { error: { message: 'upstream exploded' } },
	});
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: gateway.baseUrl });

	expect(result).toMatchObject({
		status: 'Error',
		httpStatus: 500,
		n8nMessage: 'Internal Server Error',
		message: expect.stringMatching(/^Internal Server Error \(HTTP 500\): upstream exploded/),
	});
});

test('Error for an unreachable base URL (closed port)', async () => {
	const port = await closedPort();
	const result = await testCredential({
		apiKey: 'sk-any-key-000',
		baseUrl: `http://127.0.0.1:${port}`,
	});

	expect(result).toMatchObject({ status: 'Error', n8nMessage: 'ECONNREFUSED' });
	expect(result.message).toContain('ECONNREFUSED');
	expect(result.message).toContain(`127.0.0.1:${port}`);
});

test('Error for a base URL that is not http(s)', async () => {
	const result = await testCredential({ apiKey: 'sk-any-key-000', baseUrl: 'ftp://x' });

	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Unsupported protocol ftp:/);
	expect(result.message).toContain('ftp://x');
});

test('Error for a base URL that is not a URL at all', async () => {
	const result = await testCredential({ apiKey: 'sk-any-key-000', baseUrl: 'not a url' });
	expect(result).toMatchObject({ status: 'Error', n8nMessage: 'Invalid URL' });
});
