import { readImageData } from '../../nodes/DGridImages/helpers/imageDataReader';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

describe('readImageData', () => {
	it('reads b64_json entries, treating "" as absent, and keeps revised_prompt and usage', () => {
		const body = {
			created: 1700000000,
			data: [{ url: '', b64_json: PNG.toString('base64'), revised_prompt: 'A fox' }],
			usage: { total_tokens: 10 },
		};
		const reading = readImageData(body);
		expect(reading.images).toHaveLength(1);
		expect(reading.images[0].data?.equals(PNG)).toBe(true);
		expect(reading.images[0].url).toBeUndefined();
		expect(reading.images[0].json).toEqual({ revised_prompt: 'A fox' });
		expect(reading.json).toEqual({ created: 1700000000, usage: { total_tokens: 10 } });
		expect(reading.noImageReason).toBeUndefined();
	});

	it('reads URL entries and data: URLs', () => {
		const reading = readImageData({
			data: [
				{ url: 'https://cdn.example/a.png', b64_json: '', revised_prompt: '' },
				{ url: `data:image/webp;base64,${PNG.toString('base64')}` },
				{ b64_json: `data:image/png;base64,${PNG.toString('base64')}` },
			],
		});
		expect(reading.images).toEqual([
			{ url: 'https://cdn.example/a.png' },
			{ data: PNG, declaredMimeType: 'image/webp' },
			{ data: PNG, declaredMimeType: 'image/png' },
		]);
	});

	it('explains answers without an image', () => {
		expect(readImageData({ data: [] }).noImageReason).toMatch(/empty/);
		expect(readImageData({}).noImageReason).toMatch(/no "data" list/);
		expect(readImageData(null).images).toEqual([]);
		expect(readImageData({ data: [{ url: '', b64_json: '', revised_prompt: 'I cannot draw that' }] }).noImageReason)
			.toBe('The model answered with text only: "I cannot draw that"');
		expect(readImageData({ data: [{ url: '', b64_json: '' }] }).noImageReason).toMatch(/has a "url" or "b64_json"/);
	});
});
