/**
 * Stopping an execution (the editor's Stop button; here the harness's cancelAfterMs) closes
 * what the node has open with DGrid at once — an API call waiting for a slow answer, a download
 * from the CDN, a wait between attempts — and the item's error says it was canceled, not that
 * DGrid could not be reached. The gateway records when each connection closed early; those
 * times are compared with when the stop happened.
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, modelId, useGateway, withOperationModel } from './support';
import { runWorkflow } from '../tools/harness';

const gateway = useGateway();

/** How soon after the stop the gateway must see the connection close. */
const CLOSE_WITHIN_MS = 100;
const STOP_AFTER_MS = 300;

function runAndStop(parameters: IDataObject, continueOnFail = false, items = 1) {
	return runWorkflow({
		node: {
			parameters: withOperationModel(parameters) as IDataObject as never,
			...(continueOnFail ? { continueOnFail } : {}),
		},
		credentials: credentialsFor(gateway),
		input: Array.from({ length: items }, (_, n) => ({ json: { n } })),
		cancelAfterMs: STOP_AFTER_MS,
		// Without the stop reaching it, the node would wait far longer than this.
		timeoutMs: 15_000,
	});
}

/** When the gateway saw a connection close early; waits (boundedly) for the close to reach it. */
async function closedEarlyAt(record: { closedEarlyAt?: number }): Promise<number> {
	for (let tries = 0; tries < 100 && record.closedEarlyAt === undefined; tries++) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	expect(record.closedEarlyAt).toBeDefined();
	return record.closedEarlyAt!;
}

const generate = (prompt: string, options: IDataObject = {}) => ({
	operation: 'generate',
	model: modelId('gpt-image-1'),
	prompt,
	options: { maxRetries: 2, timeout: 60, ...options },
});

describe('a stop closes what is open with DGrid', () => {
	// The first stop in a process loads and compiles the engine's and the HTTP client's
	// cancellation paths while the gateway (same process) waits to see the close; stop once
	// before measuring.
	beforeAll(async () => {
		await runAndStop(generate('warm-up [dgrid:delay=20000]'));
	});

	it('an API call waiting for a slow answer: closed at once, the item says it was canceled', async () => {
		const result = await runAndStop(generate('a fox [dgrid:delay=20000]'));

		expect(result.error?.message).toBe('Generate for item 0 canceled: the execution was stopped');
		expect(gateway.requests).toHaveLength(1);
		expect((await closedEarlyAt(gateway.requests[0])) - result.canceledAt!).toBeLessThan(
			CLOSE_WITHIN_MS,
		);
	});

	it('an answer whose body stalled after the headers: closed at once, canceled', async () => {
		const result = await runAndStop(generate('a fox [dgrid:fault=stall] [dgrid:after=40]'));

		expect(result.error?.message).toBe('Generate for item 0 canceled: the execution was stopped');
		expect(gateway.requests).toHaveLength(1);
		expect((await closedEarlyAt(gateway.requests[0])) - result.canceledAt!).toBeLessThan(
			CLOSE_WITHIN_MS,
		);
	});

	it('a download of a URL result from a CDN that does not answer: closed at once, canceled', async () => {
		gateway.queueFault({ kind: 'hang', route: 'cdn' });
		const result = await runAndStop({
			operation: 'qwenGenerate',
			model: modelId('qwen-image'),
			prompt: 'a lake',
			options: { timeout: 60 },
		});

		expect(result.error?.message).toBe(
			'Qwen Generate for item 0 canceled: the execution was stopped',
		);
		expect(gateway.requests.map((request) => request.status)).toEqual([200]);
		expect(gateway.cdnRequests).toHaveLength(1);
		expect((await closedEarlyAt(gateway.cdnRequests[0])) - result.canceledAt!).toBeLessThan(
			CLOSE_WITHIN_MS,
		);
	});

	it('a wait for Retry-After: ended at once, nothing sent again, canceled', async () => {
		const result = await runAndStop(generate('a fox [dgrid:status=429] [dgrid:retry-after=30]'));

		expect(result.error?.message).toBe('Generate for item 0 canceled: the execution was stopped');
		expect(gateway.requests.map((request) => request.status)).toEqual([429]);
		// Settled long before the 30 s wait was due.
		expect(Date.now() - result.canceledAt!).toBeLessThan(30_000);
	});

	it('items waiting for the pace after a rate limit: every one canceled, none sent again', async () => {
		const result = await runAndStop(
			generate('a fox [dgrid:status=429] [dgrid:retry-after=30]', { concurrency: 2 }),
			true,
			4,
		);

		expect(result.items.map((item) => item.json.error)).toEqual(
			[0, 1, 2, 3].map((item) => `Generate for item ${item} canceled: the execution was stopped`),
		);
		expect(gateway.requests.length).toBeLessThanOrEqual(2);
		expect(gateway.requests.every((request) => request.status === 429)).toBe(true);
	});

	it('with Continue on Fail the item carries the canceled error', async () => {
		const result = await runAndStop(generate('a fox [dgrid:delay=20000]'), true);

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			'Generate for item 0 canceled: the execution was stopped',
		);
		expect(JSON.stringify(result.items[0].json)).not.toMatch(/could not reach/i);
	});
});
