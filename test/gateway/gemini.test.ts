// POST /v1/models/{model}:generateContent — Google-shaped answers, DGrid-shaped errors.
import { makeImage, sniffImage } from '../tools/gateway';
import { expectDgridError, post, useGateway, digest } from './helpers';

const h = useGateway();
const path = (model = 'gemini-2.5-flash-image') => `/v1/models/${model}:generateContent`;
const ask = (body: object, model?: string) => post(h, path(model), body);
const text = (t: string) => ({ contents: [{ role: 'user', parts: [{ text: t }] }] });

describe('answers', () => {
	it('IMAGE only: one inlineData part, STOP, safetyRatings, usageMetadata', async () => {
		const res = await ask({
			...text('a corgi'),
			generationConfig: {
				responseModalities: ['IMAGE'],
				imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
			},
		});
		expect(res.status).toBe(200);
		const cand = res.data.candidates[0];
		expect(cand.finishReason).toBe('STOP');
		expect(cand.content.role).toBe('model');
		expect(cand.content.parts).toHaveLength(1);
		const { mimeType, data } = cand.content.parts[0].inlineData;
		expect(mimeType).toBe('image/png');
		const bytes = Buffer.from(data, 'base64');
		expect(sniffImage(bytes)).toMatchObject({ format: 'png', width: 64, height: 36 });
		expect(h.gw.produced[0].route).toBe('generateContent');
		expect(digest(h.gw.produced[0].bytes)).toBe(digest(bytes));
		expect(cand.safetyRatings.length).toBeGreaterThan(0);
		expect(res.data.usageMetadata).toMatchObject({
			promptTokenCount: expect.any(Number),
			candidatesTokenCount: expect.any(Number),
			totalTokenCount: expect.any(Number),
		});
	});

	it('TEXT+IMAGE (also the default for image models): text part then the image', async () => {
		for (const generationConfig of [{ responseModalities: ['TEXT', 'IMAGE'] }, undefined]) {
			const res = await ask(
				{ ...text('x'), ...(generationConfig ? { generationConfig } : {}) },
				'gemini-3-pro-image-preview',
			);
			const parts = res.data.candidates[0].content.parts;
			expect(parts.map((p: object) => Object.keys(p)[0])).toEqual(['text', 'inlineData']);
		}
	});

	it('a non-image model answers with text only', async () => {
		const res = await ask(text('hi'), 'gemini-2.5-flash');
		expect(res.data.candidates[0].content.parts).toEqual([{ text: expect.any(String) }]);
		expect(h.gw.produced).toHaveLength(0);
	});

	it('accepts input images, systemInstruction, safetySettings and a provider-prefixed model in the path', async () => {
		const img = makeImage('jpeg', { width: 20, height: 20 }).toString('base64');
		const res = await ask(
			{
				contents: [
					{
						role: 'user',
						parts: [{ text: 'edit' }, { inlineData: { mimeType: 'image/jpeg', data: img } }],
					},
				],
				systemInstruction: { parts: [{ text: 'be nice' }] },
				safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
				generation_config: { ignored: true },
			},
			'google/gemini-2.5-flash-image',
		);
		expect(res.status).toBe(200);
		expect(res.data.modelVersion).toBe('google/gemini-2.5-flash-image');
	});

	it('the v1beta path works too', async () => {
		expect(
			(await post(h, '/v1beta/models/gemini-2.5-flash-image:generateContent', text('x'))).status,
		).toBe(200);
	});
});

describe('validation (errors in OpenAI/DGrid shape, not Google shape)', () => {
	it.each([
		[{}, 'contents'],
		[{ contents: [] }, 'contents'],
		[{ contents: [{}] }, 'contents[0].parts'],
		[{ contents: [{ parts: [{}] }] }, 'contents[0].parts[0]'],
		[{ contents: [{ role: 'bot', parts: [{ text: 'x' }] }] }, 'contents[0].role'],
		[
			{ ...text('x'), generationConfig: { responseModalities: ['AUDIO'] } },
			'generationConfig.responseModalities[0]',
		],
		[
			{ ...text('x'), generationConfig: { imageConfig: { aspectRatio: '7:3' } } },
			'generationConfig.imageConfig.aspectRatio',
		],
		[
			{ ...text('x'), generationConfig: { imageConfig: { imageSize: 'huge' } } },
			'generationConfig.imageConfig.imageSize',
		],
		[
			{ contents: [{ parts: [{ inlineData: { mimeType: 'image/png', data: '!!!' } }] }] },
			'contents[0].parts[0].inlineData.data',
		],
		[
			{
				contents: [
					{
						parts: [
							{
								inlineData: {
									mimeType: 'image/png',
									data: Buffer.from('<html>').toString('base64'),
								},
							},
						],
					},
				],
			},
			'contents[0].parts[0].inlineData.data',
		],
	])('%j → 400 naming %s', async (body, param) => {
		const res = await ask(body);
		expectDgridError(res, 400);
		expect(res.data.error.param).toBe(param);
	});
});
