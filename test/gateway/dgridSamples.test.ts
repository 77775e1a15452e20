// The sample requests of DGrid's own pages (shared/dgrid-docs/0xx_*.txt) against the gateway
// playing New API: each gets the answer New API gives it — an image where New API makes one,
// and New API's own error where it does not (the wanx-v1 and Gemini-on-images samples).
import { expectDgridError, post, useGateway } from './helpers';

const h = useGateway();

describe("DGrid's page samples", () => {
	it('001/004: dall-e-3 image generation', async () => {
		const a = await post(h, '/v1/images/generations', {
			prompt: 'A cute baby sea otter wearing a beret',
			model: 'dall-e-3',
			size: '1024x1024',
		});
		expect(a.status).toBe(200);
		expect(a.data.data[0].url).toMatch(/^http/);
		const b = await post(h, '/v1/images/generations', {
			model: 'dall-e-3',
			prompt: 'A watercolor painting of a mountain lake at sunrise',
			size: '1024x1024',
			quality: 'hd',
			n: 1,
		});
		expect(b.status).toBe(200);
	});

	it("001: the wanx-v1 sample (input.messages) gets DashScope's demand for input.prompt, as on New API", async () => {
		const res = await post(h, '/v1/images/generations', {
			model: 'wanx-v1',
			input: {
				messages: [{ role: 'user', content: 'A serene mountain lake at dawn, photorealistic.' }],
			},
		});
		expectDgridError(res, 400, 'bad_response_status_code');
		expect(res.data.error.message).toMatch(/input\.prompt/);
	});

	it('002: generateContent, plain text and with the image config of the page', async () => {
		const text = await post(h, '/v1/models/gemini-2.5-flash:generateContent', {
			contents: [{ role: 'user', parts: [{ text: 'Hello from DGrid.' }] }],
		});
		expect(text.status).toBe(200);
		expect(text.data.candidates[0].content.parts[0].text).toEqual(expect.any(String));
		const image = await post(
			h,
			'/v1/models/gemini-2.0-flash-preview-image-generation:generateContent',
			{
				contents: [
					{
						role: 'user',
						parts: [{ text: 'A photorealistic image of a corgi wearing sunglasses on a beach.' }],
					},
				],
				generationConfig: {
					responseModalities: ['IMAGE'],
					imageConfig: { aspectRatio: '1:1', imageSize: '1024x1024' },
				},
			},
		);
		expect(image.status).toBe(200);
		expect(image.data.candidates[0].content.parts[0].inlineData.data.length).toBeGreaterThan(10);
	});

	it("000: chat completions with the sample's extra contents field", async () => {
		const res = await post(h, '/v1/chat/completions', {
			model: 'gemini-2.5-flash-image',
			stream: false,
			messages: [{ role: 'user', content: 'A red bicycle' }],
			contents: [],
		});
		expect(res.status).toBe(200);
		expect(res.data.choices[0].message.content).toMatch(/!\[image\]\(data:image\/png;base64,/);
	});

	it("003: Gemini models on /v1/images/* get New API's convert_request_failed (that page describes another gateway)", async () => {
		const gen = await post(h, '/v1/images/generations', {
			prompt: 'A white siamese cat',
			model: 'gemini-2.5-flash-image',
			n: 1,
			size: '1024x1024',
		});
		expectDgridError(gen, 500, 'convert_request_failed');
		const edit = await post(h, '/v1/images/edits', {
			images: [{ image_url: 'https://example.com/cat.png' }],
			prompt: 'Add a watercolor effect to this image',
			model: 'gemini-3-pro-image-preview',
		});
		expectDgridError(edit, 500, 'convert_request_failed');
	});
});
