// The hand-written multipart parser, on bodies built byte by byte.
import { boundaryOf, parseMultipart } from '../tools/gateway/multipart';
import { multipart } from './helpers';

describe('multipart parser', () => {
	it('reads the boundary from quoted and unquoted content types', () => {
		expect(boundaryOf('multipart/form-data; boundary=abc123')).toBe('abc123');
		expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
		expect(boundaryOf('application/json')).toBeUndefined();
		expect(boundaryOf(undefined)).toBeUndefined();
	});

	it('parses fields, repeated fields, files and binary data containing CRLF and dashes', () => {
		const data = Buffer.from([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0x0d, 0x0a]);
		const { body, contentType } = multipart([
			{ name: 'a', value: '1' },
			{ name: 'a', value: '2' },
			{ name: 'a', value: '3' },
			{ name: 'empty', value: '' },
			{ name: 'file', filename: 'a;b c.bin', contentType: 'application/octet-stream', data },
		]);
		const parsed = parseMultipart(body, boundaryOf(contentType)!);
		expect(parsed.fields).toEqual({ a: ['1', '2', '3'], empty: '' });
		expect(parsed.files).toHaveLength(1);
		expect(parsed.files[0]).toMatchObject({
			name: 'file',
			filename: 'a;b c.bin',
			contentType: 'application/octet-stream',
		});
		expect(parsed.files[0].data).toEqual(data);
	});

	it('defaults a file content type and reads RFC 5987 filenames', () => {
		const b = 'XyZ';
		const body = Buffer.from(
			`--${b}\r\nContent-Disposition: form-data; name="image"; filename="fallback.png"; filename*=UTF-8''%C3%A9t%C3%A9.png\r\n\r\nPNG\r\n--${b}--\r\n`,
		);
		const parsed = parseMultipart(body, b);
		expect(parsed.files[0]).toMatchObject({
			name: 'image',
			filename: 'été.png',
			contentType: 'application/octet-stream',
		});
	});

	it.each([
		['no boundary line', 'hello'],
		['an unterminated part', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
		['a part without a name', '--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--'],
		['a part without header end', '--B\r\nContent-Disposition: form-data; name="a"'],
	])('throws on %s', (_name, text) => {
		expect(() => parseMultipart(Buffer.from(text), 'B')).toThrow();
	});
});
