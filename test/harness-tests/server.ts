/**
 * The HTTP server the harness self-tests talk to: the DGrid test gateway (test/gateway) when it
 * exists, else a tiny loopback stand-in with the same recording shape. The tests only use what
 * both have: `GET /v1/models` (200 with the right Bearer key, 401 with a wrong one) and the
 * request log.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface SeenRequest {
	method: string;
	path: string;
	authorization?: string;
}

export interface TestServer {
	baseUrl: string;
	apiKey: string;
	/** Requests seen since the last clear(), oldest first. */
	requests(): SeenRequest[];
	clear(): void;
	close(): Promise<void>;
}

interface GatewayLike {
	baseUrl: string;
	apiKey: string;
	requests: SeenRequest[];
	reset?: () => void;
	close: () => Promise<void> | void;
}

const GATEWAY = join(__dirname, '..', 'gateway', 'index.ts');

export async function startTestServer(): Promise<TestServer> {
	if (existsSync(GATEWAY)) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { startGateway } = require(GATEWAY) as { startGateway: () => Promise<GatewayLike> };
		const gateway = await startGateway();
		return {
			baseUrl: gateway.baseUrl,
			apiKey: gateway.apiKey,
			requests: () => [...gateway.requests],
			clear: () => void (gateway.reset ? gateway.reset() : gateway.requests.splice(0)),
			close: async () => await gateway.close(),
		};
	}
	return await startLoopbackServer();
}

async function startLoopbackServer(): Promise<TestServer> {
	const apiKey = 'sk-loopback-test-key-123456';
	const requests: SeenRequest[] = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
		res.setHeader('content-type', 'application/json');
		if (req.headers.authorization !== `Bearer ${apiKey}`) {
			res.statusCode = 401;
			res.end(JSON.stringify({ error: { message: 'Invalid API key', type: 'invalid_request_error' } }));
			return;
		}
		if (req.method === 'GET' && req.url === '/v1/models') {
			res.end(JSON.stringify({ object: 'list', data: [{ id: 'dall-e-3', object: 'model' }] }));
			return;
		}
		res.statusCode = 404;
		res.end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}` } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		apiKey,
		requests: () => [...requests],
		clear: () => void requests.splice(0),
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** A port nothing listens on: bind, read the port, close. */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
