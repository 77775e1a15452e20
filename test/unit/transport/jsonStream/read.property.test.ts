/**
 * Property tests of the streaming JSON reader against JSON.parse and Buffer.from: for any JSON
 * split anywhere it gives JSON.parse's value; for any text it accepts exactly what JSON.parse
 * accepts; and any image bytes, however the base64 is wrapped, escaped or split, come back
 * byte for byte.
 */
import fc from 'fast-check';

import { Base64Decoder } from '../../../../nodes/DGridImages/transport/jsonStream/base64';
import { ByteSink } from '../../../../nodes/DGridImages/transport/byteSink';
import type { DecodedImage } from '../../../../nodes/DGridImages/shared/decoded';
import { isDecodedImage, isDecodedText } from '../../../../nodes/DGridImages/shared/decoded';
import { readJsonStream } from '../../../../nodes/DGridImages/transport/jsonStream/read';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

/** Cut points as fractions of the length, so a shrunk counterexample stays readable. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

function split(bytes: Buffer, fractions: number[]): Buffer[] {
	const points = [
		...new Set(fractions.map((fraction) => Math.floor(fraction * bytes.length))),
	].sort((a, b) => a - b);
	const pieces: Buffer[] = [];
	let start = 0;
	for (const point of [...points, bytes.length]) {
		pieces.push(bytes.subarray(start, point));
		start = point;
	}
	return pieces;
}

async function* stream(pieces: Buffer[]) {
	for (const piece of pieces) yield piece;
}

const readPieces = async (text: string | Buffer, fractions: number[], minDecodedLength?: number) =>
	await readJsonStream(
		stream(split(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), fractions)),
		{ minDecodedLength },
	);

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

describe('readJsonStream, property-based', () => {
	it('gives JSON.parse’s value for any JSON, however it is indented and split', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.jsonValue({ maxDepth: 6 }),
				fc.constantFrom(undefined, 1, '\t', '  \r\n'),
				cuts,
				async (value, indent, fractions) => {
					const text = JSON.stringify(value, null, indent as string | number | undefined);
					const reading = await readPieces(text, fractions);
					expect(reading).toStrictEqual({ ok: true, value: JSON.parse(text) });
				},
			),
			RUNS,
		);
	});

	it('accepts exactly what JSON.parse accepts, with the same value', async () => {
		const jsonish = fc
			.array(
				fc.constantFrom(...'{}[],:"\\/ \n\t0123456789-+.eEtruefalsnlbu"x\u00e9\u0001'.split('')),
				{ maxLength: 40 },
			)
			.map((characters) => characters.join(''));
		const nearlyJson = fc
			.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 3 }))
			.map(([value, at, insert]) => {
				const text = JSON.stringify(value) ?? '';
				const index = text.length === 0 ? 0 : at % text.length;
				return text.slice(0, index) + insert + text.slice(index + 1);
			});
		const numberish = fc
			.array(fc.constantFrom(...'-+0123456789.eE'.split('')), { minLength: 1, maxLength: 8 })
			.map((characters) => `[${characters.join('')}]`);
		await fc.assert(
			fc.asyncProperty(fc.oneof(jsonish, nearlyJson, numberish), cuts, async (text, fractions) => {
				const expected = parsed(text);
				const reading = await readPieces(text, fractions);
				if (expected.ok) expect(reading).toStrictEqual(expected);
				else expect(reading.ok).toBe(false);
			}),
			RUNS,
		);
	});

	it('decodes UTF-8 split at any byte, invalid sequences included, as Buffer#toString does', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.uint8Array({ maxLength: 60 }),
				fc.string({ unit: 'binary', maxLength: 20 }),
				cuts,
				async (raw, text, fractions) => {
					// Raw bytes inside a JSON string, minus the ones that would end it or escape.
					const inside = Buffer.from(
						raw.filter((byte) => byte >= 0x20 && byte !== 0x22 && byte !== 0x5c),
					);
					const bytes = Buffer.concat([
						Buffer.from(`{"t":${JSON.stringify(text)},"raw":"`),
						inside,
						Buffer.from('"}'),
					]);
					const reading = await readPieces(bytes, fractions);
					expect(reading).toStrictEqual({ ok: true, value: JSON.parse(bytes.toString('utf8')) });
				},
			),
			RUNS,
		);
	});

	type Place = 'b64_json' | 'inlineData' | 'chatMarkdown' | 'chatBare' | 'url';

	/** The answer with `bytes` placed as each reader expects, its base64 written as `base64`. */
	function answerWith(place: Place, base64: string, before: string, after: string): unknown {
		switch (place) {
			case 'b64_json':
				return { created: 1, data: [{ url: '', b64_json: base64, revised_prompt: before }] };
			case 'inlineData':
				return {
					candidates: [
						{
							content: {
								parts: [{ text: before }, { inlineData: { mimeType: 'image/png', data: base64 } }],
							},
						},
					],
				};
			case 'chatMarkdown':
				return {
					choices: [
						{ message: { content: `${before}![image](data:image/png;base64,${base64})${after}` } },
					],
				};
			case 'chatBare':
				return {
					choices: [{ message: { content: `${before} data:image/png;base64,${base64} ${after}` } }],
				};
			case 'url':
				return { data: [{ url: `data:image/png;base64,${base64}` }] };
		}
	}

	/** Every decoded image in a value, in document order. */
	function decodedImages(value: unknown): DecodedImage[] {
		if (isDecodedImage(value)) return [value];
		if (isDecodedText(value)) return [...value.images];
		if (Array.isArray(value)) return value.flatMap(decodedImages);
		if (value && typeof value === 'object') return Object.values(value).flatMap(decodedImages);
		return [];
	}

	it('gives back any image byte for byte, wherever it sits and however its base64 is wrapped, escaped or split', async () => {
		const prose = fc
			.string({ maxLength: 30 })
			.map((text) => text.replace(/[A-Za-z0-9+/=_-]/g, ' '));
		await fc.assert(
			fc.asyncProperty(
				fc.uint8Array({ minLength: 100, maxLength: 4000 }),
				fc.constantFrom<Place>('b64_json', 'inlineData', 'chatMarkdown', 'chatBare', 'url'),
				fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
				fc.boolean(),
				fc.boolean(),
				fc.boolean(),
				prose,
				prose,
				cuts,
				async (
					raw,
					place,
					lineLength,
					urlSafe,
					escapeSlashes,
					unicodeEscapes,
					before,
					after,
					fractions,
				) => {
					const bytes = Buffer.from(raw);
					let base64 = bytes.toString(urlSafe ? 'base64url' : 'base64');
					// Line breaks only where a gateway could put them: in a base64 value of its own.
					const wrappable = place === 'b64_json' || place === 'inlineData' || place === 'url';
					if (lineLength !== undefined && wrappable)
						base64 = base64.replace(new RegExp(`.{${lineLength}}`, 'g'), '$&\n');
					let text = JSON.stringify(answerWith(place, base64, before, after));
					if (escapeSlashes) text = text.replace(/\//g, '\\/');
					if (unicodeEscapes)
						text = text.replace(/[AZ]/g, (letter) => `\\u00${letter.charCodeAt(0).toString(16)}`);

					const reading = await readPieces(text, fractions, 64);
					if (!reading.ok) throw new Error(reading.problem);
					const images = decodedImages(reading.value);
					expect(images).toHaveLength(1);
					expect(images[0].data.equals(bytes)).toBe(true);
					// Everything around the image is what JSON.parse gives.
					const canonical = JSON.stringify(
						answerWith(place, bytes.toString('base64'), before, after),
					);
					expect(JSON.parse(JSON.stringify(reading.value))).toEqual(JSON.parse(canonical));
				},
			),
			RUNS,
		);
	});

	it('decodes base64 in any pieces exactly as Buffer.from decodes the whole', () => {
		// Mostly letters, so that the fast way gets pieces it can take.
		const base64ish = fc
			.array(
				fc.oneof(
					{
						weight: 6,
						arbitrary: fc.constantFrom(
							...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_'.split(''),
						),
					},
					{ weight: 1, arbitrary: fc.constantFrom(...'=\n !é'.split('')) },
				),
				{ maxLength: 300 },
			)
			.map((characters) => characters.join(''));
		fc.assert(
			// Small blocks, so that the decoding itself happens piece by piece too.
			fc.property(
				base64ish,
				cuts,
				fc.option(fc.nat({ max: 400 }), { nil: undefined }),
				fc.integer({ min: 1, max: 40 }),
				fc.boolean(),
				(text, fractions, hint, block, fast) => {
					const decoder = new Base64Decoder(new ByteSink(hint), block);
					const points = [
						...new Set(fractions.map((fraction) => Math.floor(fraction * text.length))),
					].sort((a, b) => a - b);
					let start = 0;
					for (const point of [...points, text.length]) {
						// As the reader does: the fast way first, which takes nothing when it says no.
						const piece = text.slice(start, point);
						if (!(fast && decoder.pushLetters(piece))) decoder.push(piece);
						start = point;
					}
					expect(decoder.finish().equals(Buffer.from(text, 'base64'))).toBe(true);
				},
			),
			RUNS,
		);
	});
});
