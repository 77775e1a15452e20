/** testCredential runs the credential's declarative test request like n8n's credential dialog does. */
import { testCredential } from '../harness';
import { useGateway } from '../engine/support';
import { closedPort } from './ports';

const gateway = useGateway();

test('OK with the right key; the base URL may carry a trailing slash', async () => {
	const result = await testCredential({ apiKey: gateway.apiKey, baseUrl: `${gateway.baseUrl}/` });

	expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
	expect(gateway.requests).toEqual([
		expect.objectContaining({ method: 'GET', path: '/v1/models', authorization: `Bearer ${gateway.apiKey}` }),
	]);
});

test('Error naming the HTTP status and the server message for a wrong key (never the key)', async () => {
	const wrongKey = 'sk-wrong-key-abcdef123';
	const result = await testCredential({ apiKey: wrongKey, baseUrl: gateway.baseUrl });

	expect(result.status).toBe('Error');
	expect(result.httpStatus).toBe(401);
	expect(result.n8nMessage).toBe('Unauthorized'); // what n8n's dialog shows: the status text
	expect(result.message).toMatch(/^Unauthorized \(HTTP 401\): \S/);
	expect(result.message).not.toContain(wrongKey);
	// n8n-core retries a 401 once before giving up.
	expect(gateway.requests.filter((r) => r.path === '/v1/models')).toHaveLength(2);
});

test('Error quoting the server\'s own message for a 5xx', async () => {
	gateway.queueFault({ kind: 'status', status: 500, route: 'models', body: { error: { message: 'upstream exploded' } } });
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
	const result = await testCredential({ apiKey: 'sk-any-key-000', baseUrl: `http://127.0.0.1:${port}` });

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
