/** The node's HTTP call goes through n8n-core's authenticated request helper with the credential. */
import { HTTP_PROBE_TYPE, harnessTestNodeTypes, runWorkflow } from '../tools/harness';
import { credentialsFor, useGateway } from '../engine/support';

const gateway = useGateway();

const probe = (parameters = {}) => ({ type: HTTP_PROBE_TYPE, parameters });

test('the request carries "Authorization: Bearer <key>" from the credential', async () => {
	const result = await runWorkflow({
		node: probe(),
		nodeTypes: harnessTestNodeTypes(),
		credentials: credentialsFor(gateway),
	});

	expect(result.error).toBeUndefined();
	expect(result.run.status).toBe('success');
	const models = gateway.requests.filter((r) => r.path === '/v1/models');
	expect(models).toHaveLength(1);
	expect(models[0]).toMatchObject({
		method: 'GET',
		authorization: `Bearer ${gateway.apiKey}`,
		status: 200,
	});
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.response).toMatchObject({ data: expect.any(Array) });
	expect(result.items[0].pairedItem).toEqual({ item: 0 });
	// Once for the node's getCredentials(), once inside httpRequestWithAuthentication.
	expect(result.credentialsHelper.decryptCalls).toEqual([
		{ type: 'dgridApi', id: expect.any(String) },
		{ type: 'dgridApi', id: expect.any(String) },
	]);
});

test('a 401 is retried once by n8n-core, then fails the run as a NodeApiError', async () => {
	const result = await runWorkflow({
		node: probe(),
		nodeTypes: harnessTestNodeTypes(),
		credentials: { apiKey: 'wrong-key-0000', baseUrl: gateway.baseUrl },
	});

	expect(gateway.requests.filter((r) => r.path === '/v1/models').map((r) => r.status)).toEqual([
		401, 401,
	]);
	expect(result.run.status).toBe('error');
	expect(result.error).toMatchObject({
		name: 'NodeApiError',
		httpCode: '401',
		nodeName: 'DGrid Images',
	});
	// The same error is on the node's own run data, as the editor shows it.
	expect(result.runData['DGrid Images'][0].error?.message).toBe(result.error?.message);
	expect(result.items).toEqual([]);
});

test("a node with no credential set fails with n8n's own message", async () => {
	const result = await runWorkflow({
		node: probe(),
		nodeTypes: harnessTestNodeTypes(),
		credentials: null,
	});
	expect(gateway.requests).toHaveLength(0);
	expect(result.error).toMatchObject({
		name: 'NodeOperationError',
		message: 'Node does not have any credentials set',
	});
});

test("retryOnFail re-runs the node as n8n does (each try also gets n8n-core's one 401 retry)", async () => {
	const result = await runWorkflow({
		// n8n-core reads `waitBetweenTries || 1000`: 0 means 1000 ms, so the shortest wait is 1.
		node: { ...probe(), retryOnFail: true, maxTries: 2, waitBetweenTries: 1 },
		nodeTypes: harnessTestNodeTypes(),
		credentials: { apiKey: 'wrong-key-0000', baseUrl: gateway.baseUrl },
	});

	expect(result.error?.httpCode).toBe('401');
	expect(gateway.requests.filter((r) => r.path === '/v1/models')).toHaveLength(4);
});

test('a request the gateway never answers is cut off by the timeout guard', async () => {
	gateway.queueFault({ kind: 'hang', route: 'models' });
	const started = Date.now();
	await expect(
		runWorkflow({
			node: probe(),
			nodeTypes: harnessTestNodeTypes(),
			credentials: credentialsFor(gateway),
			timeoutMs: 500,
		}),
	).rejects.toThrow(/did not finish within 500 ms/);
	expect(Date.now() - started).toBeLessThan(5000);
});
