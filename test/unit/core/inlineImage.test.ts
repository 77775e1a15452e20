import {
	base64FieldImage,
	decodedImageOf,
	textOf,
	urlFieldImage,
} from '../../../nodes/DGridImages/core/answer/inlineImage';
import { DecodedImage, DecodedText } from '../../../nodes/DGridImages/shared/decoded';

const bytes = Buffer.from('any image bytes, here just text');
const base64 = bytes.toString('base64');
const bare = new DecodedImage(bytes);
const fromDataUrl = new DecodedImage(bytes, { mimeType: 'image/webp', parameters: '' });

describe('inline images in both forms', () => {
	it('reads a base64 field decoded or as text, bare or as a data URL', () => {
		expect(base64FieldImage(bare)).toEqual({ data: bytes });
		expect(base64FieldImage(fromDataUrl)).toEqual({ data: bytes, declaredMimeType: 'image/webp' });
		expect(base64FieldImage(base64)).toEqual({ data: bytes });
		expect(base64FieldImage(`${base64.slice(0, 10)}\n${base64.slice(10)}`)).toEqual({
			data: bytes,
		});
		expect(base64FieldImage(`data:image/png;base64,${base64}`)).toEqual({
			data: bytes,
			declaredMimeType: 'image/png',
		});
		for (const nothing of ['', '  ', undefined, null, 12, {}])
			expect(base64FieldImage(nothing)).toBeUndefined();
	});

	it('reads a URL field as the image when it is a data URL, else as the URL to download', () => {
		expect(urlFieldImage(fromDataUrl)).toEqual({ data: bytes, declaredMimeType: 'image/webp' });
		expect(urlFieldImage(` data:image/png;base64,${base64} `)).toEqual({
			data: bytes,
			declaredMimeType: 'image/png',
		});
		expect(urlFieldImage(' https://cdn.example/x.png\n')).toEqual({
			url: 'https://cdn.example/x.png',
		});
		expect(urlFieldImage('')).toBeUndefined();
		expect(urlFieldImage(7)).toBeUndefined();
	});

	it('takes a text holding nothing but one decoded data URL as that image, and nothing else', () => {
		const alone = new DecodedText('\n dgrid-decoded-image:0 ', [fromDataUrl]);
		expect(decodedImageOf(alone)).toBe(fromDataUrl);
		expect(urlFieldImage(alone)).toEqual({ data: bytes, declaredMimeType: 'image/webp' });
		expect(
			decodedImageOf(new DecodedText('see dgrid-decoded-image:0', [fromDataUrl])),
		).toBeUndefined();
		expect(
			decodedImageOf(new DecodedText('dgrid-decoded-image:0 dgrid-decoded-image:1', [bare, bare])),
		).toBeUndefined();
		expect(decodedImageOf('dgrid-decoded-image:0')).toBeUndefined();
	});

	it('gives text fields back as the answer wrote them', () => {
		expect(textOf('plain')).toBe('plain');
		expect(textOf(new DecodedText('a dgrid-decoded-image:0 b', [fromDataUrl]))).toBe(
			`a data:image/webp;base64,${base64} b`,
		);
		expect(textOf(bare)).toBe(base64);
		expect(textOf(3)).toBeUndefined();
	});
});
