import { jpegHeader, pngHeader } from '../imageHeaders';
import { mapWithConcurrency } from '../../../nodes/DGridImages/core/pipeline/concurrency';
import {
	detectImageFormat,
	inspectImage,
	looksComplete,
} from '../../../nodes/DGridImages/core/images/imageFormat';
import { parseFieldList, parseUrlList } from '../../../nodes/DGridImages/core/request/inputImages';
import {
	resolveWireFields,
	writeJsonBody,
} from '../../../nodes/DGridImages/core/request/wireFields';
import type { WireField } from '../../../nodes/DGridImages/core/request/wireFields';
import { decodeDataUrl } from '../../../nodes/DGridImages/core/images/dataUrl';
import { describeUrlHost } from '../../../nodes/DGridImages/transport/download';

describe('image format detection', () => {
	it('reads format and size of PNG and JPEG from the bytes', () => {
		expect(inspectImage(pngHeader(640, 480))).toMatchObject({
			mimeType: 'image/png',
			extension: 'png',
			width: 640,
			height: 480,
		});
		expect(inspectImage(jpegHeader(300, 200))).toMatchObject({
			mimeType: 'image/jpeg',
			extension: 'jpg',
			width: 300,
			height: 200,
		});
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

describe('wire fields', () => {
	const fields: WireField[] = [
		{
			property: { displayName: 'Size', name: 'size', type: 'string', default: '' },
			wireName: 'parameters.size',
			toWire: (v) => String(v).replace('x', '*'),
		},
		{
			property: { displayName: 'Style', name: 'style', type: 'string', default: '' },
			wireName: 'style',
			appliesTo: (m) => m === 'dall-e-3',
		},
		{
			property: { displayName: 'Seed', name: 'seed', type: 'number', default: 0 },
			wireName: 'parameters.seed',
		},
	];

	it('sends set values under their wire names, converted, only for matching models', () => {
		const values = { size: '1024x768', style: 'vivid', seed: 0 };
		expect(
			writeJsonBody({ model: 'wanx-v1' }, resolveWireFields(fields, values, 'wanx-v1')),
		).toEqual({
			model: 'wanx-v1',
			parameters: { size: '1024*768', seed: 0 },
		});
		expect(resolveWireFields(fields, values, 'dall-e-3').map((v) => v.wireName)).toEqual([
			'parameters.size',
			'style',
			'parameters.seed',
		]);
		expect(resolveWireFields(fields, { size: '  ' }, 'x')).toEqual([]);
	});
});

describe('input lists', () => {
	it('splits binary field names and URL lists, keeping commas inside data URLs', () => {
		expect(parseFieldList(' data, data_1 ,,')).toEqual(['data', 'data_1']);
		expect(
			parseUrlList(
				'https://a/x.png, https://b/y.png\ndata:image/png;base64,AAAA,  data:image/png;base64,BBBB',
			),
		).toEqual([
			'https://a/x.png',
			'https://b/y.png',
			'data:image/png;base64,AAAA',
			'data:image/png;base64,BBBB',
		]);
	});

	it('decodes data URLs and names URL hosts without query strings', () => {
		expect(decodeDataUrl('data:image/png;base64,iVBORw==')).toEqual({
			data: Buffer.from('iVBORw==', 'base64'),
			mimeType: 'image/png',
		});
		expect(decodeDataUrl('https://x')).toBeUndefined();
		expect(decodeDataUrl('data:image/webp;name=out.webp;base64,UklGRg==')).toEqual({
			data: Buffer.from('RIFF'),
			mimeType: 'image/webp',
		});
		expect(decodeDataUrl('data:text/plain,%E0%A4%A')).toEqual({
			data: Buffer.alloc(0),
			mimeType: 'text/plain',
		});
		expect(describeUrlHost('https://cdn.example.com:8443/a.png?token=secret')).toBe(
			'cdn.example.com:8443',
		);
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
