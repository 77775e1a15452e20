import { deflateSync } from 'zlib';

import { mapWithConcurrency } from '../../nodes/DGridImages/actions/concurrency';
import {
	detectImageFormat,
	inspectImage,
	looksComplete,
} from '../../nodes/DGridImages/helpers/imageFormat';
import { parseFieldList, parseUrlList } from '../../nodes/DGridImages/helpers/inputImages';
import { resolveWireFields, writeJsonBody } from '../../nodes/DGridImages/helpers/wireFields';
import type { WireField } from '../../nodes/DGridImages/helpers/wireFields';
import { decodeDataUrl, describeUrlHost } from '../../nodes/DGridImages/transport/download';
import { dgridApiError, readDGridError, redactSecrets } from '../../nodes/DGridImages/transport/errors';
import { buildMultipartBody } from '../../nodes/DGridImages/transport/multipart';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	retryDelayMs,
} from '../../nodes/DGridImages/transport/retryPolicy';

const node = {
	id: '1',
	name: 'DGrid Images',
	type: 'n8n-nodes-dgrid.dgridImages',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

function pngHeader(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(25);
	ihdr.writeUInt32BE(13, 0);
	ihdr.write('IHDR', 4, 'latin1');
	ihdr.writeUInt32BE(width, 8);
	ihdr.writeUInt32BE(height, 12);
	const idat = deflateSync(Buffer.alloc(height * (width * 3 + 1)));
	const idatChunk = Buffer.concat([Buffer.alloc(4), Buffer.from('IDAT'), idat, Buffer.alloc(4)]);
	idatChunk.writeUInt32BE(idat.length, 0);
	const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, idatChunk, iend]);
}

function jpegHeader(width: number, height: number): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

describe('image format detection', () => {
	it('reads format and size of PNG and JPEG from the bytes', () => {
		expect(inspectImage(pngHeader(640, 480))).toMatchObject({ mimeType: 'image/png', extension: 'png', width: 640, height: 480 });
		expect(inspectImage(jpegHeader(300, 200))).toMatchObject({ mimeType: 'image/jpeg', extension: 'jpg', width: 300, height: 200 });
	});

	it('reads WebP (VP8L) and GIF headers', () => {
		const webp = Buffer.alloc(30);
		webp.write('RIFF', 0, 'latin1');
		webp.writeUInt32LE(22, 4);
		webp.write('WEBPVP8L', 8, 'latin1');
		webp[20] = 0x2f;
		webp.writeUInt32LE((99 & 0x3fff) | ((49 & 0x3fff) << 14), 21);
		expect(inspectImage(webp)).toMatchObject({ mimeType: 'image/webp', width: 100, height: 50 });
		const gif = Buffer.from('GIF89a\x10\x00\x08\x00', 'latin1');
		expect(inspectImage(gif)).toMatchObject({ mimeType: 'image/gif', width: 16, height: 8 });
	});

	it('rejects text and other files', () => {
		expect(detectImageFormat(Buffer.from('<html>not an image</html>'))).toBeUndefined();
		expect(detectImageFormat(Buffer.from('%PDF-1.7'))).toBeUndefined();
		expect(detectImageFormat(Buffer.alloc(0))).toBeUndefined();
	});

	it('tells complete images from cut-off ones', () => {
		const png = pngHeader(4, 4);
		const format = detectImageFormat(png)!;
		expect(looksComplete(png, format)).toBe(true);
		expect(looksComplete(png.subarray(0, png.length - 10), format)).toBe(false);
		const jpeg = jpegHeader(4, 4);
		expect(looksComplete(jpeg, detectImageFormat(jpeg)!)).toBe(true);
		expect(looksComplete(jpeg.subarray(0, jpeg.length - 2), detectImageFormat(jpeg)!)).toBe(false);
	});
});

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

describe('wire fields', () => {
	const fields: WireField[] = [
		{ property: { displayName: 'Size', name: 'size', type: 'string', default: '' }, wireName: 'parameters.size', toWire: (v) => String(v).replace('x', '*') },
		{ property: { displayName: 'Style', name: 'style', type: 'string', default: '' }, wireName: 'style', appliesTo: (m) => m === 'dall-e-3' },
		{ property: { displayName: 'Seed', name: 'seed', type: 'number', default: 0 }, wireName: 'parameters.seed' },
	];

	it('sends set values under their wire names, converted, only for matching models', () => {
		const values = { size: '1024x768', style: 'vivid', seed: 0 };
		expect(writeJsonBody({ model: 'wanx-v1' }, resolveWireFields(fields, values, 'wanx-v1'))).toEqual({
			model: 'wanx-v1',
			parameters: { size: '1024*768', seed: 0 },
		});
		expect(resolveWireFields(fields, values, 'dall-e-3').map((v) => v.wireName)).toEqual(['parameters.size', 'style', 'parameters.seed']);
		expect(resolveWireFields(fields, { size: '  ' }, 'x')).toEqual([]);
	});
});

describe('input lists', () => {
	it('splits binary field names and URL lists, keeping commas inside data URLs', () => {
		expect(parseFieldList(' data, data_1 ,,')).toEqual(['data', 'data_1']);
		expect(parseUrlList('https://a/x.png, https://b/y.png\ndata:image/png;base64,AAAA,  data:image/png;base64,BBBB')).toEqual([
			'https://a/x.png',
			'https://b/y.png',
			'data:image/png;base64,AAAA',
			'data:image/png;base64,BBBB',
		]);
	});

	it('decodes data URLs and names URL hosts without query strings', () => {
		expect(decodeDataUrl('data:image/png;base64,iVBORw==')).toEqual({ data: Buffer.from('iVBORw==', 'base64'), mimeType: 'image/png' });
		expect(decodeDataUrl('https://x')).toBeUndefined();
		expect(decodeDataUrl('data:image/webp;name=out.webp;base64,UklGRg==')).toEqual({ data: Buffer.from('RIFF'), mimeType: 'image/webp' });
		expect(decodeDataUrl('data:text/plain,%E0%A4%A')).toEqual({ data: Buffer.alloc(0), mimeType: 'text/plain' });
		expect(describeUrlHost('https://cdn.example.com:8443/a.png?token=secret')).toBe('cdn.example.com:8443');
		expect(describeUrlHost('nonsense')).toBe('an invalid URL');
	});
});

describe('bounded concurrency', () => {
	it('keeps order and never runs more than the limit at once', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency(10, 3, async (index) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((resolve) => setImmediate(resolve));
			await new Promise((resolve) => setImmediate(resolve));
			running--;
			return index * 2;
		});
		expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
		expect(peak).toBe(3);
	});

	it('rejects with the first failure', async () => {
		await expect(
			mapWithConcurrency(5, 2, async (index) => {
				if (index === 3) throw new Error('item 3 broke');
				return index;
			}),
		).rejects.toThrow('item 3 broke');
	});
});
