/**
 * Answers that break off after the headers, against the gateway's cut and stall faults: the
 * error names the item and the operation, says how far the answer got (bytes, events) and, for
 * a stall, for how long nothing came and that the Timeout option sets it. A body or stream cut
 * before any image data arrived is sent again (counted at the gateway); one that carried image
 * data is not (a new request is a new, paid generation); a stall is waited out once for JSON.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from './support';
import { modelId, runNode, useGateway } from './support';

const gateway = useGateway();

const run = (parameters: IDataObject, extra?: NodeRun) => runNode(gateway, parameters, extra);

const generate = (prompt: string, options: IDataObject = {}) => ({
	operation: 'generate',
	model: modelId('gpt-image-1'),
	prompt,
	options: { maxRetries: 2, ...options },
});

const chat = (prompt: string, options: IDataObject = {}) => ({
	operation: 'chat',
	model: modelId('gemini-2.5-flash-image'),
	prompt,
	options: { stream: true, maxRetries: 2, ...options },
});

const statuses = () => gateway.requests.map((request) => request.status);

describe('a JSON answer that breaks off', () => {
	it('cut once after the headers and 20 bytes: sent again, and the item says it took 2 requests', async () => {
		const result = await run(generate('a fox [dgrid:fault=cut*1] [dgrid:after=20]'));
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([200, 200]);
		expect(result.items[0].json.attempts).toBe(2);
		expect(result.items[0].binary?.data.buffer.equals(gateway.produced[1].bytes)).toBe(true);
	});

	it('cut on every try: the error says after how many bytes, and how many tries', async () => {
		const result = await run(
			generate('a fox [dgrid:fault=cut] [dgrid:after=20]', { maxRetries: 1 }),
			{ continueOnFail: true },
		);
		expect(statuses()).toEqual([200, 200]);
		expect(result.items[0].json.error).toBe(
			"Generate failed for item 0: DGrid's answer was cut off after 20 bytes (HTTP 200)",
		);
		expect(result.items[0].json.details).toMatch(
			/^The connection closed before the answer was complete \(.+\)\.\nSent 2 times/,
		);
	});

	it('stalled after the headers and 30 bytes: waited for the Timeout, not sent again, and said so', async () => {
		const result = await run(
			generate('a fox [dgrid:fault=stall] [dgrid:after=30]', { timeout: 1 }),
			{ continueOnFail: true },
		);
		expect(statuses()).toEqual([200]);
		expect(result.items[0].json.error).toBe(
			"Generate failed for item 0: DGrid's answer stalled: no data for 1 s after 30 bytes (HTTP 200)",
		);
		expect(result.items[0].json.details).toBe(
			'DGrid sent the headers and then stopped sending. The Timeout option (1 s) is how long the node waits for more data.',
		);
	});

	it('stalled right after the headers (Qwen, whose answers are URLs)', async () => {
		const result = await run(
			{
				operation: 'qwenGenerate',
				model: modelId('qwen-image'),
				prompt: 'a lake [dgrid:fault=stall]',
				options: { timeout: 1 },
			},
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe(
			"Qwen Generate failed for item 0: DGrid's answer stalled: no data for 1 s after 0 bytes (HTTP 200)",
		);
	});

	it('a result download that stalls part-way names the host and the Timeout option', async () => {
		gateway.queueFault({ route: 'cdn', kind: 'stall', after: 100 });
		const result = await run(
			{
				operation: 'generate',
				model: modelId('dall-e-3'),
				prompt: 'a fox',
				options: { timeout: 1, maxRetries: 0 },
			},
			{ continueOnFail: true },
		);
		const host = new URL(gateway.cdnBaseUrl).host;
		expect(result.items[0].json.error).toBe(
			`Generate failed for item 0: could not download the image from ${host}`,
		);
		expect(result.items[0].json.details).toBe(
			'The download stalled: no data for 1 s after 100 bytes (the Timeout option sets how long the node waits).',
		);
	});
});

describe('a chat stream that breaks off', () => {
	// The gateway streams: role, text, one whole image per event, finish, usage, [DONE].

	it('cut after 2 events, before any image data: sent again, and the image comes out', async () => {
		const result = await run(chat('a cat [dgrid:fault=cut*1] [dgrid:after=2]'));
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([200, 200]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.attempts).toBe(2);
		expect(result.items[0].binary?.data.mimeType).toBe('image/png');
	});

	it('cut after the image event: not sent again (it would be paid twice); the error counts bytes and events', async () => {
		const result = await run(chat('a cat [dgrid:fault=cut] [dgrid:after=3]'), {
			continueOnFail: true,
		});
		expect(statuses()).toEqual([200]);
		expect(result.items[0].json.error).toMatch(
			/^Chat failed for item 0: DGrid's answer was cut off after \d+ bytes, 3 events \(HTTP 200\)$/,
		);
		expect(result.items[0].json.details).toContain(
			'Image data had already arrived, so the request was not sent again: a new request is a new, paid generation.',
		);
	});

	it('stalled after 2 events: sent again (no image data yet), then reported with the Timeout option', async () => {
		const result = await run(
			chat('a cat [dgrid:fault=stall] [dgrid:after=2]', { timeout: 1, maxRetries: 1 }),
			{ continueOnFail: true },
		);
		expect(gateway.requests).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(
			/^Chat failed for item 0: DGrid's answer stalled: no data for 1 s after \d+ bytes, 2 events \(HTTP 200\)$/,
		);
		expect(result.items[0].json.details).toBe(
			'DGrid sent the headers and then stopped sending. The Timeout option (1 s) is how long the node waits for more data.\n' +
				'Sent 2 times (the Max Retries option).',
		);
	});

	it('with several items, only the broken one fails and the others keep their order', async () => {
		const result = await run(
			{ ...chat('={{ $json.prompt }}', { maxRetries: 0, concurrency: 3 }) },
			{
				input: [
					{ json: { prompt: 'one' } },
					{ json: { prompt: 'two [dgrid:fault=cut] [dgrid:after=1]' } },
					{ json: { prompt: 'three' } },
				],
				continueOnFail: true,
			},
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[1].json.error).toMatch(
			/^Chat failed for item 1: DGrid's answer was cut off after \d+ bytes, 1 events \(HTTP 200\)$/,
		);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[2].binary?.data).toBeDefined();
	});
});
