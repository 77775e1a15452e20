// Large images for memory benchmarks: `[dgrid:bytes=N]` and the imageBytes option give real PNGs
// of about N bytes (noise in stored deflate blocks), unique per image, on every route.
import { inflateSync } from 'node:zlib';
import { makeLargePng, parseDirectives, sniffImage } from '../tools/gateway';
import { digest, pngChunks, post, useGateway } from './helpers';

const MB = 1_000_000;
const ROW = 1024 * 3 + 1;

/** Checks the file is a decodable PNG of `targetBytes` ± one row; returns its pixel rows. */
function expectLargePng(bytes: Buffer, targetBytes: number): void {
	expect(Math.abs(bytes.length - targetBytes)).toBeLessThanOrEqual(ROW);
	expect(sniffImage(bytes)?.mime).toBe('image/png');
	const chunks = pngChunks(bytes);
	expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
	expect(chunks.every((c) => c.crcOk)).toBe(true);
	const ihdr = chunks[0].data;
	const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
	expect([width, ihdr[8], ihdr[9]]).toEqual([1024, 8, 2]);
	const raw = inflateSync(chunks[2].data);
	expect(raw.length).toBe(height * ROW);
	for (let y = 0; y < height; y++) expect(raw[y * ROW]).toBe(0);
}

describe('makeLargePng', () => {
	it('makes a decodable PNG of the size asked for, different bytes per seed', () => {
		const a = makeLargePng(2 * MB, 1);
		const b = makeLargePng(2 * MB, 2);
		expectLargePng(a.bytes, 2 * MB);
		expect(a.width).toBe(1024);
		expect(digest(a.bytes)).not.toBe(digest(b.bytes));
		expect(a.bytes.length).toBe(b.bytes.length);
	});

	it.each([0, -1, 1.5, 300 * 1024 * 1024])('refuses %p bytes', (n) => {
		expect(() => makeLargePng(n, 1)).toThrow(/large image size/);
	});

	it('reads [dgrid:bytes=N] within the bounds only', () => {
		expect(parseDirectives('x [dgrid:bytes=8000000]').bytes).toBe(8 * MB);
		expect(parseDirectives('[dgrid:bytes=0] [dgrid:bytes=abc]').bytes).toBeUndefined();
		expect(parseDirectives('[dgrid:bytes=999999999999]').bytes).toBeUndefined();
	});
});

describe('[dgrid:bytes=N] directive', () => {
	const h = useGateway();

	it('base64 answers carry PNGs of that size, recorded in produced', async () => {
		const res = await post(h, '/v1/images/generations', {
			prompt: 'big [dgrid:bytes=1000000]',
			model: 'dall-e-2',
			n: 2,
			response_format: 'b64_json',
		});
		expect(res.status).toBe(200);
		const images = res.data.data.map((d: { b64_json: string }) =>
			Buffer.from(d.b64_json, 'base64'),
		);
		for (const image of images) expectLargePng(image, MB);
		expect(digest(images[0])).not.toBe(digest(images[1]));
		expect(h.gw.produced.map((p) => digest(p.bytes))).toEqual(images.map(digest));
		expect(h.gw.produced[0]).toMatchObject({ format: 'png', width: 1024 });
	});

	it('are PNGs even when another format was asked for (chat data URL)', async () => {
		const res = await post(h, '/v1/chat/completions', {
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: 'draw [dgrid:bytes=300000] [dgrid:format=jpeg]' }],
		});
		expect(res.status).toBe(200);
		const url =
			/\((data:image\/png;base64,[^)]+)\)/.exec(res.data.choices[0].message.content)?.[1] ?? '';
		expectLargePng(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'), 300_000);
	});

	it('a request without the directive gets the usual small image', async () => {
		const res = await post(h, '/v1/images/generations', {
			prompt: 'small',
			model: 'dall-e-3',
			response_format: 'b64_json',
		});
		expect(Buffer.from(res.data.data[0].b64_json, 'base64').length).toBeLessThan(20_000);
	});
});

describe('imageBytes option', () => {
	const h = useGateway({ imageBytes: 500_000 });

	it('makes every image large, URL results on the CDN too', async () => {
		const res = await post(h, '/v1/images/generations', { prompt: 'a cat', model: 'qwen-image' });
		expect(res.status).toBe(200);
		const download = await h.http.get(res.data.data[0].url, { responseType: 'arraybuffer' });
		expect(download.headers['content-type']).toBe('image/png');
		expectLargePng(Buffer.from(download.data), 500_000);
	});
});
