import { makeImage } from '../../../tools/gateway';
import { inspectImage, looksComplete } from '../../../../nodes/DGridImages/core/images/imageFormat';
import { DecodedImage, DecodedText } from '../../../../nodes/DGridImages/shared/decoded';
import type { JsonStreamOptions } from '../../../../nodes/DGridImages/transport/jsonStream/read';
import { readJsonStream } from '../../../../nodes/DGridImages/transport/jsonStream/read';

/** The text as the network hands it over: bytes in pieces of `size`. */
async function* inPieces(text: string | Buffer, size: number) {
	const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
	for (let start = 0; start < bytes.length; start += size)
		yield bytes.subarray(start, start + size);
}

const PIECE_SIZES = [1, 2, 3, 5, 64, 4096, 1 << 30];

async function read(text: string | Buffer, size: number, options?: JsonStreamOptions) {
	const reading = await readJsonStream(inPieces(text, size), options);
	if (!reading.ok) throw new Error(`not read: ${reading.problem}`);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk answers of known shape
	return reading.value as Record<string, any>;
}

const png = makeImage('png', { width: 48, height: 40, seed: 3 });
const jpeg = makeImage('jpeg', { width: 40, height: 40, seed: 5 });
const base64 = png.toString('base64');
const noise = Buffer.from(Array.from({ length: 30_001 }, (_, index) => (index * 7919) % 256));

describe('readJsonStream: images come out decoded', () => {
	it('decodes b64_json into the bytes, whatever the pieces, and keeps the rest as JSON.parse does', async () => {
		const text = JSON.stringify({
			created: 7,
			data: [{ url: '', b64_json: base64, revised_prompt: 'a fox' }],
			usage: { total_tokens: 3 },
		});
		for (const size of PIECE_SIZES) {
			const value = await read(text, size, { minDecodedLength: 64 });
			const image = value.data[0].b64_json;
			expect(image).toBeInstanceOf(DecodedImage);
			expect(image.data.equals(png)).toBe(true);
			expect(image.dataUrl).toBeUndefined();
			expect(value.data[0].revised_prompt).toBe('a fox');
			expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(text));
		}
	});

	it("decodes Gemini's inlineData.data (both spellings)", async () => {
		const text = JSON.stringify({
			candidates: [
				{
					content: {
						parts: [
							{ text: 'Here it is' },
							{ inlineData: { mimeType: 'image/png', data: base64 } },
							{ inline_data: { mime_type: 'image/jpeg', data: jpeg.toString('base64') } },
						],
					},
				},
			],
		});
		const value = await read(text, 777, { minDecodedLength: 64 });
		const [textPart, camel, snake] = value.candidates[0].content.parts;
		expect(textPart.text).toBe('Here it is');
		expect(camel.inlineData.mimeType).toBe('image/png');
		expect(camel.inlineData.data.data.equals(png)).toBe(true);
		expect(snake.inline_data.data.data.equals(jpeg)).toBe(true);
	});

	it('replaces a data URL inside chat markdown by a reference the reader can resolve', async () => {
		const content = `Here is your image:\n![image](data:image/png;base64,${base64}) and a second\n![b](data:image/jpeg;name=b.jpg;base64,${jpeg.toString('base64')})`;
		const text = JSON.stringify({
			choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }],
		});
		for (const size of [1, 9, 1000, 1 << 30]) {
			const value = await read(text, size, { minDecodedLength: 64 });
			const decoded = value.choices[0].message.content as DecodedText;
			expect(decoded).toBeInstanceOf(DecodedText);
			expect(decoded.text).toBe(
				'Here is your image:\n![image](dgrid-decoded-image:0) and a second\n![b](dgrid-decoded-image:1)',
			);
			expect(decoded.imageFor('dgrid-decoded-image:0')?.data.equals(png)).toBe(true);
			expect(decoded.imageFor('dgrid-decoded-image:1')?.declaredMimeType).toBe('image/jpeg');
			expect(decoded.imageFor('dgrid-decoded-image:1')?.dataUrl?.parameters).toBe(';name=b.jpg');
			expect(decoded.imageFor('dgrid-decoded-image:2')).toBeUndefined();
			expect(decoded.imageFor('https://cdn/x.png')).toBeUndefined();
			expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(text));
		}
	});

	it('turns a value that is nothing but a data URL into the image itself', async () => {
		const text = JSON.stringify({
			image_url: { url: `data:image/webp;base64,${base64}` },
			data: [{ b64_json: `data:image/png;base64,${base64}` }],
		});
		const value = await read(text, 100, { minDecodedLength: 64 });
		for (const image of [value.image_url.url, value.data[0].b64_json]) {
			expect(image).toBeInstanceOf(DecodedImage);
			expect(image.data.equals(png)).toBe(true);
		}
		expect(value.image_url.url.declaredMimeType).toBe('image/webp');
		expect(
			new DecodedImage(Buffer.alloc(1), { mimeType: '', parameters: '' }).declaredMimeType,
		).toBe('application/octet-stream');
	});

	it('leaves short base64 and short data URLs as text', async () => {
		const short = JSON.stringify({
			b64_json: 'QUJD',
			content: 'see data:image/png;base64,QUJD here',
			url: 'data:image/png;base64,QUJD',
		});
		expect(await read(short, 1)).toEqual(JSON.parse(short));
		const long = JSON.stringify({ content: `x data:image/png;base64,${base64}` });
		expect((await read(long, 50)).content).toBeInstanceOf(DecodedText);
		expect((await read(long, 50, { minDecodedLength: base64.length + 1 })).content).toBe(
			JSON.parse(long).content,
		);
	});

	it('reads base64 with line breaks, \\/ and \\u escapes', async () => {
		const wrapped = base64.replace(/.{76}/g, '$&\r\n');
		const escaped = JSON.stringify({ b64_json: wrapped, url: `data:image/png;base64,${wrapped}` })
			.replace(/\//g, '\\/')
			.replace(/A/g, '\\u0041');
		for (const size of [1, 7, 4096]) {
			const value = await read(escaped, size, { minDecodedLength: 64 });
			expect(value.b64_json.data.equals(png)).toBe(true);
			expect(value.url.data.equals(png)).toBe(true);
		}
	});

	it('ends a data URL inside text at the first character outside base64, as the chat reader does', async () => {
		const content = `data:image/png;base64,${base64}\nThat was it.`;
		const value = await read(JSON.stringify({ content }), 33, { minDecodedLength: 64 });
		expect(value.content.text).toBe('dgrid-decoded-image:0\nThat was it.');
		expect(value.content.images[0].data.equals(png)).toBe(true);
	});

	it('gives truncated base64 the bytes Buffer.from gives, so the truncation check still sees it', async () => {
		const cut = base64.slice(0, Math.floor(base64.length / 2) + 1);
		const value = await read(JSON.stringify({ b64_json: cut }), 10, { minDecodedLength: 64 });
		const bytes: Buffer = value.b64_json.data;
		expect(bytes.equals(Buffer.from(cut, 'base64'))).toBe(true);
		const info = inspectImage(bytes)!;
		expect(info.mimeType).toBe('image/png');
		expect(looksComplete(bytes, info)).toBe(false);
		expect(looksComplete(png, inspectImage(png)!)).toBe(true);
	});

	it('keeps a long "data" text that is not base64 exactly as it was', async () => {
		const prose = `${'A'.repeat(5000)}! and then prose`;
		const padded = `${'QUJD'.repeat(600)}==QUJD`;
		const text = JSON.stringify({ data: prose, other: { data: padded } });
		for (const size of [1, 64, 10_000]) {
			expect(await read(text, size, { minDecodedLength: 64 })).toEqual(JSON.parse(text));
		}
		// Text that happens to be base64 in a base64 field is decoded, and serialises back unchanged.
		const lookalike = JSON.stringify({ data: ['x'.repeat(3000)] });
		const value = await read(lookalike, 64, { minDecodedLength: 64 });
		expect(value.data[0]).toBeInstanceOf(DecodedImage);
		expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(lookalike));
	});

	it('sizes the image buffer from Content-Length so the bytes are never copied', async () => {
		const text = JSON.stringify({ data: [{ b64_json: noise.toString('base64') }] });
		const hinted = await read(text, 512, {
			minDecodedLength: 64,
			expectedBytes: Buffer.byteLength(text),
		});
		const hintedBytes: Buffer = hinted.data[0].b64_json.data;
		expect(hintedBytes.equals(noise)).toBe(true);
		expect(hintedBytes.byteOffset).toBe(0);
		expect(hintedBytes.buffer.byteLength).toBeGreaterThanOrEqual(noise.length);
		// A wrong hint (a compressed answer's length) only costs a copy.
		const wrong = await read(text, 512, { minDecodedLength: 64, expectedBytes: 100 });
		expect(wrong.data[0].b64_json.data.equals(noise)).toBe(true);
	});

	it('accepts the body as a Buffer, a string, an ArrayBuffer, pieces of text or an already parsed value', async () => {
		const text = JSON.stringify({ b64_json: base64, n: 1 });
		const bodies: unknown[] = [
			Buffer.from(text),
			text,
			new Uint8Array(Buffer.from(text)).buffer,
			(async function* () {
				yield text.slice(0, 10);
				yield text.slice(10);
			})(),
			JSON.parse(text),
		];
		for (const body of bodies) {
			const reading = await readJsonStream(body, { minDecodedLength: 64 });
			expect(
				reading.ok && (reading.value as { b64_json: DecodedImage }).b64_json.data.equals(png),
			).toBe(true);
		}
		expect(await readJsonStream(undefined)).toEqual({
			ok: false,
			start: '',
			problem: expect.stringContaining('ends'),
		});
	});

	it('decodes UTF-8 split anywhere, invalid bytes included, as Buffer#toString does', async () => {
		const bytes = Buffer.concat([
			Buffer.from('{"t":"caf\u00e9 \u{1F600} '),
			Buffer.from([0xe2, 0x82, 0xff, 0xc3]),
			Buffer.from('","u":"\u00e9"}'),
		]);
		for (const size of [1, 2, 3]) {
			expect(await read(bytes, size)).toEqual(JSON.parse(bytes.toString('utf8')));
		}
	});

	it('a broken UTF-8 character inside base64 ends it as Buffer#toString does, even when the letters after it come as bytes', async () => {
		// The text decoder holds 0xE2 until the next piece shows it is no character: the letters
		// after it must not go to the image's decoder as bytes, but after the U+FFFD it becomes.
		const head = Buffer.from(`{"content":"look ![i](data:image/png;base64,${base64}`);
		const bytes = Buffer.concat([head, Buffer.from([0xe2]), Buffer.from('QUJD more)"}')]);
		const pieces = async function* () {
			yield bytes.subarray(0, head.length + 1);
			yield bytes.subarray(head.length + 1);
		};
		const reading = await readJsonStream(pieces(), { minDecodedLength: 64 });
		expect(reading.ok).toBe(true);
		const expected = JSON.parse(bytes.toString('utf8'));
		expect(JSON.parse(JSON.stringify((reading as { value: unknown }).value))).toEqual(expected);
		expect(expected.content).toContain('\uFFFDQUJD more)');
	});

	it('long base64 read as bytes gives what the text way gives, for either alphabet and any split', async () => {
		const urlSafe = png.toString('base64url');
		for (const letters of [base64, urlSafe]) {
			const text = JSON.stringify({ b64_json: letters });
			for (const size of [1, 3, 5, 7, 64, 4097]) {
				const value = await read(text, size, { minDecodedLength: 64 });
				expect(value.b64_json.data.equals(Buffer.from(letters, 'base64'))).toBe(true);
			}
		}
	});
});

describe('readJsonStream: what JSON.parse rejects, it rejects', () => {
	const invalid = [
		'',
		'   ',
		'{',
		'{"a"}',
		'{"a":}',
		'{"a":1,}',
		'{,}',
		'[1,]',
		'[1 2]',
		'01',
		'1.',
		'.5',
		'+1',
		'-',
		'1e',
		'tru',
		'nul',
		'truex',
		'NaN',
		'"abc',
		'"\\x"',
		'"\\u00g0"',
		'"a\u0001b"',
		'\uFEFF{}',
		'{"a":1}}',
		'1 2',
		"{'a':1}",
		'[1,2',
		`{"b64_json":"${base64}`,
	];

	it.each(invalid.map((text) => [text.slice(0, 30), text]))('rejects %j', async (_label, text) => {
		expect(() => JSON.parse(text)).toThrow();
		for (const size of [1, 4, 1 << 30]) {
			const reading = await readJsonStream(inPieces(text, size), { minDecodedLength: 64 });
			expect(reading.ok).toBe(false);
		}
	});

	it('rejects a raw control character inside long base64, wherever the pieces fall', async () => {
		const withControl = `${base64.slice(0, 1000)}\u0001${base64.slice(1000)}`;
		const texts = [
			`{"b64_json":"${withControl}"}`,
			`{"b64_json":"${withControl.replace(/\//g, '\\/')}"}`,
			`{"content":"see ![i](data:image/png;base64,${withControl})"}`,
			`{"data":"${base64}\u0001"}`,
		];
		for (const text of texts) {
			expect(() => JSON.parse(text)).toThrow();
			for (const size of [1, 7, 999, 1001, 4096, 1 << 30]) {
				const reading = await readJsonStream(inPieces(text, size), { minDecodedLength: 64 });
				expect(reading).toMatchObject({ ok: false, problem: expect.stringContaining('"\\u0001"') });
			}
		}
	});

	it('rejects each raw U+0000–U+001F in a string, where it stands, and takes every character from U+0020 up', async () => {
		for (let code = 0; code < 0x20; code++) {
			const text = `{"k":"ab${String.fromCharCode(code)}c"}`;
			expect(() => JSON.parse(text)).toThrow();
			const reading = await readJsonStream(inPieces(text, 3));
			expect(reading).toMatchObject({
				ok: false,
				problem: `unexpected ${JSON.stringify(String.fromCharCode(code))} at character 9`,
			});
		}
		const rest = Array.from({ length: 0x10000 - 0x20 }, (_, index) =>
			String.fromCharCode(index + 0x20),
		)
			.filter((char) => char !== '"' && char !== '\\' && !/[\ud800-\udfff]/.test(char))
			.join('');
		const text = JSON.stringify({ k: rest });
		for (const size of [1, 5, 1 << 30]) expect(await read(text, size)).toEqual(JSON.parse(text));
	});

	it('says where and keeps the start of the answer for the error, after leading white space', async () => {
		const reading = await readJsonStream(inPieces('\n  <html>Bad gateway</html>', 4));
		expect(reading).toEqual({
			ok: false,
			start: '<html>Bad gateway</html>',
			problem: 'unexpected "<" at character 4',
		});
		const cut = await readJsonStream(inPieces('{"created":1,"data":[{"b64_json":"iVBOR', 4));
		expect(cut).toMatchObject({
			ok: false,
			problem: 'the answer ends in the middle of the JSON, after 39 characters',
		});
	});

	it('stops reading a bad answer once it has enough for the excerpt', async () => {
		let piecesRead = 0;
		async function* endless() {
			for (let index = 0; index < 100_000; index++) {
				piecesRead++;
				yield Buffer.from('<html>'.padEnd(100, 'x'));
			}
		}
		const reading = await readJsonStream(endless());
		expect(reading.ok).toBe(false);
		expect(!reading.ok && reading.start.length).toBe(1024);
		expect(piecesRead).toBeLessThan(20);
	});

	it('accepts what JSON.parse accepts at the edges', async () => {
		const texts = [
			'{"__proto__":{"polluted":1},"a":1,"a":2}',
			'-0',
			'1e400',
			'[0.5,-1.25E-3,1E+2]',
			'"\\ud83d\\ude00 \\ud800"',
			' \t\n\r[ ] ',
			'{"":""}',
			'[[[[[]]]],{}]',
			'"\\"\\\\\\/\\b\\f\\n\\r\\t"',
		];
		for (const text of texts) {
			for (const size of [1, 1 << 30]) {
				const reading = await readJsonStream(inPieces(text, size));
				expect(reading).toStrictEqual({ ok: true, value: JSON.parse(text) });
			}
		}
		const proto = await read('{"__proto__":{"polluted":1}}', 1);
		expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
