import { pngHeader } from '../imageHeaders';
import { dgridApiError, readDGridError } from '../../../nodes/DGridImages/transport/errors';
import { redactSecrets } from '../../../nodes/DGridImages/transport/redact';
import { buildMultipartBody } from '../../../nodes/DGridImages/transport/multipart';
import {
	isRetryableNetworkError,
	isRetryableStatus,
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
			error: { message: 'quota exceeded (request id: 2024abc)', type: 'new_api_error', code: 'insufficient_user_quota', param: null },
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
		expect(readDGridError({ error: { message: 'x' } }, { 'x-oneapi-request-id': 'hdr-1' })?.requestId).toBe('hdr-1');
	});

	it('never lets a key through', () => {
		expect(redactSecrets('Authorization: Bearer sk-live-abcdef123456 failed')).toBe('Authorization: Bearer *** failed');
		expect(redactSecrets('https://h/v1/x?key=sk-abcdef123456&a=1')).toBe('https://h/v1/x?key=***&a=1');
		expect(redactSecrets('key sk-abcdefgh1234 leaked')).toBe('key sk-*** leaked');
	});

	it('builds errors that name item, operation, status, DGrid message and request id', () => {
		const error = dgridApiError({
			node,
			itemIndex: 2,
			operationName: 'Generate',
			status: 500,
			details: { message: 'bad size (request id: r1)', code: 'invalid_request', requestId: 'r1' },
		});
		expect(error.message).toBe('Generate failed for item 2: DGrid rejected the request as invalid (HTTP 500)');
		expect(error.description).toContain('DGrid said: bad size (request id: r1)');
		expect(error.description).toContain('Request ID: r1');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(2);
		const empty429 = dgridApiError({ node, itemIndex: 0, operationName: 'Chat', status: 429 });
		expect(empty429.message).toContain('rate-limiting');
		expect(empty429.description).toBe('DGrid sent no error message.');
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
		expect(text.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na "quoted" cat\r\n`)).toBe(true);
		expect(text).toContain('Content-Disposition: form-data; name="image[]"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n');
		expect(body.includes(png)).toBe(true);
		expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
	});
});
