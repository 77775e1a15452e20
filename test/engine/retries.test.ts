/**
 * Retries only where a retry can succeed, counted at the gateway: New API answers failures that
 * repeat on every try (a request it cannot convert, an unusable upstream answer, the ~3.5-minute
 * Wan task wait timing out) with HTTP 500 and a code; those, 4xx other than 429 and HTTP 200
 * carrying an error are sent once. What can pass on another try is retried, and the item's json
 * says how many requests it took.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from './support';
import { modelId, runNode, useGateway } from './support';

const gateway = useGateway();

const run = (parameters: IDataObject, extra?: NodeRun) => runNode(gateway, parameters, extra);

const generate = (prompt: string, options: IDataObject = {}) => ({
	operation: 'generate',
	model: modelId('dall-e-3'),
	prompt,
	options: { maxRetries: 2, ...options },
});

const statuses = () => gateway.requests.map((request) => request.status);

describe('failures a retry cannot fix are sent once', () => {
	it.each([
		// New API could not convert the request for the provider (e.g. a parameter of the wrong type).
		['convert_request_failed', 'qwenGenerate', 'qwen-image', 500],
		// The async Wan task wait timed out: another try would pay for a new ~3.5-minute task.
		['bad_response', 'qwenGenerate', 'wanx-v1', 500],
		['bad_response_body', 'generate', 'imagen-4.0-generate-001', 500],
		['invalid_request', 'generate', 'dall-e-3', 500],
		['model_not_found', 'generate', 'no-such-model', 503],
	])(
		'%s (%s with %s): one request, the code in the details',
		async (code, operation, model, status) => {
			const result = await run(
				{
					operation,
					model: modelId(model),
					prompt: `a lighthouse [dgrid:error=${code}]`,
					options: { maxRetries: 2 },
				},
				{ continueOnFail: true },
			);
			expect(statuses()).toEqual([status]);
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json.error).toMatch(
				new RegExp(`^.+ failed for item 0: .*\\(HTTP ${status}\\)$`),
			);
			expect(result.items[0].json.details).toContain(`Code: ${code}`);
			expect(result.items[0].json.details).toContain(
				'Not sent again: DGrid reports this failure as one that repeats on every try.',
			);
			expect(result.items[0].json.details).not.toContain('Sent ');
		},
	);

	it('4xx answers other than 429 are never retried', async () => {
		const input = [400, 401, 403, 404, 413, 422].map((status) => ({
			json: { prompt: `a fox [dgrid:status=${status}]` },
		}));
		const result = await run(
			{ ...generate('={{ $json.prompt }}'), options: { maxRetries: 2, concurrency: 1 } },
			{ input, continueOnFail: true },
		);
		expect(statuses()).toEqual([400, 401, 403, 404, 413, 422]);
		expect(
			result.items.map((item) => String(item.json.error).match(/\(HTTP (\d+)\)$/)?.[1]),
		).toEqual(['400', '401', '403', '404', '413', '422']);
	});

	it('an HTTP 200 carrying an error (a failed async task) is not sent again', async () => {
		const result = await run(
			{
				operation: 'qwenGenerate',
				model: modelId('wanx-v1'),
				prompt: 'a pond [dgrid:fault=errorIn200]',
				options: { maxRetries: 2 },
			},
			{ continueOnFail: true },
		);
		expect(statuses()).toEqual([200]);
		expect(result.items[0].json.error).toMatch(/\(HTTP 200\)$/);
	});
});

describe('failures a retry can fix are retried', () => {
	it('a 5xx without a permanent code is sent again; the json says how many requests it took', async () => {
		const result = await run(
			generate('a heron [dgrid:error=do_request_failed*1]', { maxRetries: 1 }),
		);
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([500, 200]);
		expect(result.items[0].json.attempts).toBe(2);
	});

	it('429 is retried honouring Retry-After; an answer on the first try says 1 attempt', async () => {
		const retried = await run(generate('an owl [dgrid:status=429*2] [dgrid:retry-after=0]'));
		expect(retried.error).toBeUndefined();
		expect(statuses()).toEqual([429, 429, 200]);
		expect(retried.items[0].json.attempts).toBe(3);

		gateway.reset();
		const first = await run(generate('an owl'));
		expect(first.items[0].json.attempts).toBe(1);
	});

	it('when every try fails, the error says how many were sent', async () => {
		const result = await run(
			generate('a crane [dgrid:error=do_request_failed]', { maxRetries: 1 }),
			{ continueOnFail: true },
		);
		expect(statuses()).toEqual([500, 500]);
		expect(result.items[0].json.error).toBe(
			'Generate failed for item 0: DGrid failed to process the request (HTTP 500)',
		);
		expect(result.items[0].json.details).toContain('Code: do_request_failed');
		expect(result.items[0].json.details).toContain('Sent 2 times (the Max Retries option).');
	});
});

describe('rate limits do not spend the retry budget', () => {
	it('more 429s than Max Retries are waited out, and the item succeeds', async () => {
		const result = await run(
			generate('a swift [dgrid:status=429*4] [dgrid:retry-after=0]', { maxRetries: 1 }),
		);
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([429, 429, 429, 429, 200]);
		expect(result.items[0].json.attempts).toBe(5);
	});

	it('a 429 pauses the other items of the execution too, and their json says how long they waited', async () => {
		// Two at a time: item 0 meets a 429 with Retry-After 1 s at once; item 1 takes 300 ms; item 2
		// starts when item 1 is done — inside item 0's pause — and must wait for its end.
		const result = await runNode(
			gateway,
			{
				operation: 'generate',
				model: modelId('dall-e-3'),
				prompt: '={{ $json.prompt }}',
				options: { concurrency: 2 },
			},
			{
				input: [
					{ json: { prompt: 'a wren [dgrid:status=429*1] [dgrid:retry-after=1]' } },
					{ json: { prompt: 'a robin [dgrid:delay=300]' } },
					{ json: { prompt: 'a finch' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(statuses().sort()).toEqual([200, 200, 200, 429]);
		expect(result.items[1].json.waitedMs).toBeUndefined();
		expect(Number(result.items[2].json.waitedMs)).toBeGreaterThanOrEqual(500);
	});

	it('Max Retries 0 turns retries off, rate limits included', async () => {
		const result = await run(
			generate('a lark [dgrid:status=429] [dgrid:retry-after=0]', { maxRetries: 0 }),
			{ continueOnFail: true },
		);
		expect(statuses()).toEqual([429]);
		expect(result.items[0].json.error).toMatch(/rate-limiting this key.*\(HTTP 429\)$/);
	});
});
