import { pngHeader } from '../imageHeaders';
import { Readable } from 'node:stream';

import { NodeOperationError } from 'n8n-workflow';

import { BrokenBodyError, readBody } from '../../../nodes/DGridImages/transport/body';
import {
	brokenBodyError,
	dgridApiError,
	readDGridError,
} from '../../../nodes/DGridImages/transport/errors';
import {
	redactDeep,
	redactError,
	redactSecrets,
	secretsOf,
} from '../../../nodes/DGridImages/transport/redact';
import { readRefusal } from '../../../nodes/DGridImages/transport/refusal';
import { buildMultipartBody } from '../../../nodes/DGridImages/transport/multipart';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	permanentFailureCode,
	retryDelayMs,
} from '../../../nodes/DGridImages/transport/retryPolicy';

const node = {
	id: '1',
	name: 'DGrid Images',
	type: 'n8n-nodes-dgrid.dgridImages',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('DGrid error reading', () => {
	it('reads message, code, type and the request id from DGrid error bodies', () => {
		const details = readDGridError({
			error: {
				message: 'quota exceeded (request id: 2024abc)',
				type: 'new_api_error',
				code: 'insufficient_user_quota',
				param: null,
			},
		});
		expect(details).toEqual({
			message: 'quota exceeded (request id: 2024abc)',
			type: 'new_api_error',
			code: 'insufficient_user_quota',
			param: undefined,
			requestId: '2024abc',
		});
		expect(readDGridError({ error: 'plain text' })?.message).toBe('plain text');
		expect(readDGridError({ message: 'top level' })?.message).toBe('top level');
		expect(readDGridError({ data: [] })).toBeUndefined();
		expect(readDGridError(null)).toBeUndefined();
		expect(
			readDGridError({ error: { message: 'x' } }, { 'x-oneapi-request-id': 'hdr-1' })?.requestId,
		).toBe('hdr-1');
	});

	it('never lets a key through', () => {
		expect(redactSecrets('Authorization: Bearer sk-live-abcdef123456 failed')).toBe(
			'Authorization: Bearer *** failed',
		);
		expect(redactSecrets('https://h/v1/x?key=sk-abcdef123456&a=1')).toBe(
			'https://h/v1/x?key=***&a=1',
		);
		expect(redactSecrets('key sk-abcdefgh1234 leaked')).toBe('key sk-*** leaked');
		expect(redactSecrets('token aigw_sk_9f8e7d6c5b4a leaked')).toBe('token aigw_sk_*** leaked');
	});

	it("removes the credential's own key, whatever its shape, also URL-encoded or JSON-escaped", () => {
		const secrets = secretsOf('  plain/Key+With"Quote9  ');
		const text =
			'a plain/Key+With"Quote9 b plain%2FKey%2BWith%22Quote9 c "plain/Key+With\\"Quote9"';
		expect(redactSecrets(text, secrets)).toBe('a *** b *** c "***"');
		expect(secretsOf('Bearer shapeless123')).toEqual(['shapeless123']);
		// Too short to be a key: cutting it out would only mangle words.
		expect(secretsOf('abc')).toEqual([]);
		expect(secretsOf(undefined)).toEqual([]);
	});

	it('cleans json of any depth and every text field of an n8n error, its cause included', () => {
		const secrets = secretsOf('shapeless123');
		expect(
			redactDeep(
				{ a: ['x shapeless123', { b: 'shapeless123' }], n: 1, buf: Buffer.from('shapeless123') },
				secrets,
			),
		).toEqual({
			a: ['x ***', { b: '***' }],
			n: 1,
			buf: Buffer.from('shapeless123'),
		});
		const cause = new Error('inner shapeless123');
		const error = new NodeOperationError(node, cause, {
			description: 'see shapeless123',
			itemIndex: 0,
		});
		error.message = 'outer shapeless123';
		redactError(error, secrets);
		const everything = JSON.stringify({
			...error,
			message: error.message,
			stack: error.stack,
			cause: { message: cause.message, stack: cause.stack },
		});
		expect(everything).not.toContain('shapeless123');
		expect(error.message).toBe('outer ***');
		expect(error.description).toBe('see ***');
	});

	it('reads every field of an error body without the key', () => {
		const secrets = secretsOf('shapeless123');
		const details = readDGridError(
			{
				error: {
					message: 'bad key shapeless123',
					type: 'shapeless123',
					code: 'shapeless123',
					param: 'Bearer shapeless123',
				},
			},
			undefined,
			secrets,
		);
		expect(details).toEqual({
			message: 'bad key ***',
			type: '***',
			code: '***',
			param: 'Bearer ***',
			requestId: undefined,
		});
	});

	it('builds errors that name item, operation, status, DGrid message and request id', () => {
		const error = dgridApiError({
			node,
			itemIndex: 2,
			operationName: 'Generate',
			status: 500,
			details: { message: 'bad size (request id: r1)', code: 'invalid_request', requestId: 'r1' },
		});
		expect(error.message).toBe(
			'Generate failed for item 2: DGrid rejected the request as invalid (HTTP 500)',
		);
		expect(error.description).toContain('DGrid said: bad size (request id: r1)');
		expect(error.description).toContain('Request ID: r1');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(2);
		const empty429 = dgridApiError({ node, itemIndex: 0, operationName: 'Chat', status: 429 });
		expect(empty429.message).toContain('rate-limiting');
		expect(empty429.description).toBe('DGrid sent no error message.');
	});

	it('says how many times a request was sent, when it was more than once', () => {
		const once = dgridApiError({
			node,
			itemIndex: 0,
			operationName: 'Generate',
			status: 502,
			attempts: 1,
		});
		const thrice = dgridApiError({
			node,
			itemIndex: 0,
			operationName: 'Generate',
			status: 502,
			attempts: 3,
		});
		expect(once.description).not.toContain('Sent');
		expect(thrice.description).toContain('Sent 3 times (the Max Retries option).');
	});

	it('headlines a refusal as a refusal, with a hint to rephrase', () => {
		const error = dgridApiError({
			node,
			itemIndex: 1,
			operationName: 'Generate',
			status: 400,
			details: {
				message: 'Your request was rejected as a result of our safety system.',
				code: 'content_policy_violation',
			},
		});
		expect(error.message).toBe(
			'Generate failed for item 1: the model refused the prompt — safety system (HTTP 400)',
		);
		expect(error.description).toContain('Rephrase the prompt');
	});

	it('describes a body that broke off: cut or stalled, how far, and why it was not sent again', () => {
		const cut = brokenBodyError(
			{ node, itemIndex: 0, operationName: 'Chat', status: 200, attempts: 2 },
			{
				kind: 'cut',
				bytes: 1234,
				events: 3,
				detail: 'aborted',
				retryable: false,
				notRetriedBecause: 'Image data had already arrived.',
			},
		);
		expect(cut.message).toBe(
			"Chat failed for item 0: DGrid's answer was cut off after 1234 bytes, 3 events (HTTP 200)",
		);
		expect(cut.description).toBe(
			'The connection closed before the answer was complete (aborted).\nImage data had already arrived.\nSent 2 times (the Max Retries option).',
		);
		const stalled = brokenBodyError(
			{ node, itemIndex: 4, operationName: 'Generate', status: 200 },
			{ kind: 'stalled', bytes: 0, idleMs: 600_000, retryable: false },
		);
		expect(stalled.message).toBe(
			"Generate failed for item 4: DGrid's answer stalled: no data for 600 s after 0 bytes (HTTP 200)",
		);
		expect(stalled.description).toContain('The Timeout option (600 s)');
		expect(stalled.context.itemIndex).toBe(4);
	});
});

describe('refusals', () => {
	it.each([
		[{ code: 'content_policy_violation' }, 'the model', 'safety system'],
		[{ message: 'Rejected by our Safety System' }, 'the model', 'safety system'],
		[
			{ code: 'prompt_blocked', message: 'request blocked by Gemini API: PROHIBITED_CONTENT' },
			'the model',
			'prompt blocked: PROHIBITED_CONTENT',
		],
		[
			{ code: 'prompt_blocked', message: 'request blocked by prompt audit' },
			'the model',
			'prompt blocked',
		],
		[{ code: 'DataInspectionFailed' }, 'the model', 'content inspection'],
		[{ code: 'sensitive_words_detected' }, 'DGrid', 'sensitive words'],
	])('%j', (details, by, reason) => {
		expect(readRefusal(details)).toEqual({ by, reason });
	});

	it('ordinary errors are not refusals', () => {
		expect(readRefusal({ code: 'invalid_request', message: 'prompt is required' })).toBeUndefined();
		expect(readRefusal(undefined)).toBeUndefined();
	});
});

describe('reading a body', () => {
	const collect = async (chunks: AsyncIterable<Buffer>) => {
		const parts: Buffer[] = [];
		for await (const chunk of chunks) parts.push(chunk);
		return Buffer.concat(parts).toString('utf8');
	};
	const failureOf = (body: AsyncIterable<Buffer | string>, idleMs = 60_000) =>
		collect(readBody(body, idleMs)).then(
			() => undefined,
			(error: unknown) => error,
		);

	it('hands the chunks on as Buffers', async () => {
		expect(await collect(readBody(Readable.from(['ab', Buffer.from('cd')]), 60_000))).toBe('abcd');
	});

	it('a body that errors part-way is cut, with the bytes received and the network error', async () => {
		async function* cut() {
			yield 'hello';
			throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		}
		const error = await failureOf(cut());
		expect(error).toBeInstanceOf(BrokenBodyError);
		expect((error as BrokenBodyError).info).toEqual({
			kind: 'cut',
			bytes: 5,
			detail: 'aborted',
			retryable: true,
		});
	});

	it('a body that sends nothing for the idle limit stalls, and is closed', async () => {
		const stream = new Readable({ read() {} });
		stream.push('first');
		const error = await failureOf(stream, 50);
		expect((error as BrokenBodyError).info).toEqual({
			kind: 'stalled',
			bytes: 5,
			idleMs: 50,
			retryable: false,
		});
		expect(stream.destroyed).toBe(true);
	});

	it('a reader that stops early closes the body', async () => {
		const stream = Readable.from(['a', 'b', 'c']);
		for await (const chunk of readBody(stream, 60_000)) {
			expect(chunk.toString()).toBe('a');
			break;
		}
		expect(stream.destroyed).toBe(true);
	});
});

describe('retry policy', () => {
	it('retries rate limits and outages, not validation or missing models', () => {
		expect(isRetryableStatus(429)).toBe(true);
		expect(isRetryableStatus(503)).toBe(true);
		expect(isRetryableStatus(500)).toBe(true);
		expect(isRetryableStatus(500, { code: 'invalid_request' })).toBe(false);
		expect(isRetryableStatus(503, { code: 'model_not_found' })).toBe(false);
		expect(isRetryableStatus(400)).toBe(false);
		expect(isRetryableStatus(401)).toBe(false);
	});

	it("never retries New API's codes for failures that repeat, whatever the 5xx status", () => {
		for (const code of [
			'convert_request_failed',
			'bad_response',
			'bad_response_body',
			'invalid_request',
			'model_not_found',
		]) {
			expect(isRetryableStatus(500, { code })).toBe(false);
			expect(isRetryableStatus(502, { code: code.toUpperCase() })).toBe(false);
			expect(permanentFailureCode({ code: ` ${code} ` })).toBe(code);
		}
		for (const code of [
			'do_request_failed',
			'bad_response_status_code',
			'empty_response',
			undefined,
		]) {
			expect(isRetryableStatus(500, { code })).toBe(true);
			expect(permanentFailureCode({ code })).toBeUndefined();
		}
	});

	it('no 4xx but 429, and not 501', () => {
		for (let status = 400; status < 500; status++)
			expect(isRetryableStatus(status)).toBe(status === 429);
		expect(isRetryableStatus(501)).toBe(false);
		expect(isRetryableStatus(504)).toBe(true);
	});

	it('retries dropped connections, not refused ones', () => {
		expect(isRetryableNetworkError('ECONNRESET', 'read ECONNRESET')).toBe(true);
		expect(isRetryableNetworkError(undefined, 'socket hang up')).toBe(true);
		expect(isRetryableNetworkError('ECONNREFUSED', 'connect ECONNREFUSED')).toBe(false);
		expect(isRetryableNetworkError('ENOTFOUND', 'getaddrinfo ENOTFOUND')).toBe(false);
	});

	it('honours Retry-After in seconds and as a date, else backs off', () => {
		expect(retryDelayMs(0, { 'retry-after': '3' })).toBe(3000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryDelayMs(0, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
		expect(retryDelayMs(0, undefined)).toBe(1000);
		expect(retryDelayMs(2, {})).toBe(4000);
		expect(retryDelayMs(20, {})).toBe(30000);
	});
});

describe('multipart bodies', () => {
	it('encodes text fields and files with names and content types', () => {
		const png = pngHeader(2, 2);
		const { body, contentType } = buildMultipartBody([
			{ name: 'prompt', value: 'a "quoted" cat' },
			{ name: 'image[]', data: png, fileName: 'a.png', contentType: 'image/png' },
		]);
		const boundary = /boundary=(.+)$/.exec(contentType)![1];
		const text = body.toString('latin1');
		expect(
			text.startsWith(
				`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na "quoted" cat\r\n`,
			),
		).toBe(true);
		expect(text).toContain(
			'Content-Disposition: form-data; name="image[]"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n',
		);
		expect(body.includes(png)).toBe(true);
		expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
	});
});
