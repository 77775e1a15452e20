import { readImageData } from '../../../nodes/DGridImages/core/answer/imageDataReader';
import type { INodeProperties } from 'n8n-workflow';
import { makeImage } from '../../tools/gateway';
import { inspectImage, looksComplete } from '../../../nodes/DGridImages/core/images/imageFormat';
import { buildEditBody, edit } from '../../../nodes/DGridImages/openAiImages/edit.operation';
import {
	generate,
	splitRequests,
} from '../../../nodes/DGridImages/openAiImages/generate.operation';
import type { InputImage } from '../../../nodes/DGridImages/core/request/inputImages';
import {
	checkEditImages,
	checkMask,
	editImageLimits,
} from '../../../nodes/DGridImages/openAiImages/editInput';
import {
	EDIT_FIELDS,
	GENERATE_FIELDS,
	qualityForModel,
} from '../../../nodes/DGridImages/openAiImages/fields';
import {
	checkPrompt,
	resolveOpenAiImageOptions,
} from '../../../nodes/DGridImages/openAiImages/request';
import {
	nearestPreset,
	resolveSize,
	sizeOptions,
} from '../../../nodes/DGridImages/openAiImages/size';
import { openAiImagesResult } from '../../../nodes/DGridImages/openAiImages/result';

const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
	'hex',
);

describe('readImageData', () => {
	it('reads b64_json entries, treating "" as absent, and keeps the revised prompt (as revisedPrompt) and usage', () => {
		const body = {
			created: 1700000000,
			data: [{ url: '', b64_json: PNG.toString('base64'), revised_prompt: 'A fox' }],
			usage: { total_tokens: 10 },
		};
		const reading = readImageData(body);
		expect(reading.images).toHaveLength(1);
		expect(reading.images[0].data?.equals(PNG)).toBe(true);
		expect(reading.images[0].url).toBeUndefined();
		expect(reading.images[0].json).toEqual({ revisedPrompt: 'A fox' });
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
		expect(
			readImageData({ data: [{ url: '', b64_json: '', revised_prompt: 'I cannot draw that' }] })
				.noImageReason,
		).toBe('The model answered with text only: "I cannot draw that"');
		expect(readImageData({ data: [{ url: '', b64_json: '' }] }).noImageReason).toMatch(
			/has a "url" or "b64_json"/,
		);
	});
});

const fail = (problem: string, description?: string) =>
	new Error(description ? `${problem} | ${description}` : problem);

describe('resolveSize', () => {
	it('passes sizes through and folds Custom into size', () => {
		expect(resolveSize({ size: '1536x1024' }, 'gpt-image-1', fail)).toEqual({ size: '1536x1024' });
		expect(resolveSize({ size: 'custom', customSize: ' 1344 x 768 ' }, 'flux-pro', fail)).toEqual({
			size: '1344x768',
		});
		expect(resolveSize({ size: 'custom', customSize: '3000x1000' }, 'gpt-image-1', fail)).toEqual({
			size: '3000x1000',
		});
		expect(resolveSize({}, 'dall-e-3', fail)).toEqual({ size: undefined });
		expect(() => resolveSize({ size: 'custom', customSize: 'big' }, 'flux-pro', fail)).toThrow(
			/not WIDTHxHEIGHT/,
		);
	});

	it('rejects a preset of another family with the sizes the model takes', () => {
		expect(() => resolveSize({ size: '1536x1024' }, 'dall-e-3', fail)).toThrow(
			'size 1536x1024 is not available for dall-e-3 | DALL·E 3 models take: 1024x1024, 1792x1024, 1024x1792.',
		);
		expect(() => resolveSize({ size: '1792x1024' }, 'openai/gpt-image-1', fail)).toThrow(
			/GPT Image models take: auto/,
		);
		expect(() => resolveSize({ size: 'auto' }, 'dall-e-2', fail)).toThrow(
			/not available for dall-e-2/,
		);
		// Models without a fixed list judge sizes themselves.
		expect(resolveSize({ size: '1792x1024' }, 'flux-pro', fail)).toEqual({ size: '1792x1024' });
	});

	it('turns an aspect ratio into the closest size for GPT Image and DALL·E 3 (precedence over size)', () => {
		expect(resolveSize({ size: '1024x1024', aspectRatio: '16:9' }, 'gpt-image-1', fail)).toEqual({
			size: '1536x1024',
			note: 'Aspect ratio 16:9 sent as size 1536x1024, the closest size gpt-image-1 supports.',
		});
		expect(resolveSize({ aspectRatio: '9:16' }, 'dall-e-3', fail).size).toBe('1024x1792');
		expect(resolveSize({ aspectRatio: '1:1' }, 'dall-e-3', fail).size).toBe('1024x1024');
		expect(resolveSize({ aspectRatio: '5:4' }, 'dall-e-3', fail).size).toBe('1024x1024');
		expect(resolveSize({ aspectRatio: '4:3' }, 'dall-e-3', fail).size).toBe('1792x1024');
		expect(resolveSize({ aspectRatio: '3:4' }, 'gpt-image-1', fail).size).toBe('1024x1536');
		expect(nearestPreset('gptImage', 1)).toBe('1024x1024');
	});

	it('keeps dall-e-2 square', () => {
		expect(resolveSize({ aspectRatio: '1:1' }, 'dall-e-2', fail)).toEqual({ size: '1024x1024' });
		expect(resolveSize({ aspectRatio: '1:1', size: '512x512' }, 'dall-e-2', fail)).toEqual({
			size: '512x512',
		});
		expect(() => resolveSize({ aspectRatio: '16:9' }, 'dall-e-2', fail)).toThrow(
			/only makes square images/,
		);
	});

	it('Imagen: the ratio as size "W:H", only the five it makes; a size becomes its ratio', () => {
		expect(
			resolveSize({ aspectRatio: '16:9', size: '1024x1024' }, 'imagen-4.0-generate-001', fail),
		).toEqual({ size: '16:9' });
		expect(resolveSize({ aspectRatio: '3:4' }, 'google/imagen-4.0-ultra', fail)).toEqual({
			size: '3:4',
		});
		expect(() => resolveSize({ aspectRatio: '3:2' }, 'imagen-4.0-generate-001', fail)).toThrow(
			/Imagen makes no 3:2 images/,
		);
		expect(resolveSize({ size: '1792x1024' }, 'imagen-4.0-generate-001', fail)).toEqual({
			size: '16:9',
			note: 'Size 1792x1024 sent as aspect ratio 16:9: Imagen takes an aspect ratio, not a size.',
		});
		expect(resolveSize({ size: '1024x1024' }, 'imagen-4.0-generate-001', fail).size).toBe('1:1');
		expect(() => resolveSize({ size: '1536x1024' }, 'imagen-4.0-generate-001', fail)).toThrow(
			/size 1536x1024 is not available/,
		);
		expect(resolveSize({ size: 'auto' }, 'imagen-4.0-generate-001', fail)).toEqual({});
		expect(resolveSize({}, 'imagen-4.0-generate-001', fail)).toEqual({});
	});

	it('models the gateway passes no aspect_ratio to get a size of that shape; MiniMax keeps aspect_ratio', () => {
		expect(resolveSize({ aspectRatio: '21:9', size: '1024x1024' }, 'flux-pro', fail)).toEqual({
			size: '1536x640',
			note: "Aspect ratio 21:9 sent as size 1536x640: DGrid's gateway passes no aspect ratio on to flux-pro.",
		});
		expect(resolveSize({ aspectRatio: '16:9' }, 'qwen-image-plus', fail).size).toBe('1664x928');
		expect(resolveSize({ aspectRatio: '2:3' }, 'qwen-image', fail).size).toBe('832x1216');
		// A ratio outside the table: one megapixel of that shape, sides multiples of 64.
		expect(resolveSize({ aspectRatio: '7:4' }, 'seedream-4', fail).size).toBe('1344x768');
		expect(
			resolveSize({ aspectRatio: '16:9', size: '1024x1024' }, 'minimax/image-01', fail),
		).toEqual({
			size: '1024x1024',
			aspectRatio: '16:9',
		});
		expect(() => resolveSize({ aspectRatio: 'wide' }, 'flux-pro', fail)).toThrow(
			/not WIDTH:HEIGHT/,
		);
	});

	it('chatgpt-image-latest is sized like GPT Image', () => {
		expect(resolveSize({ aspectRatio: '9:16' }, 'chatgpt-image-latest', fail).size).toBe(
			'1024x1536',
		);
	});

	it('lists each size once, labelled with the families that take it', () => {
		const options = sizeOptions(['gptImage', 'dallE2']);
		expect(options.map((o) => o.value)).toEqual([
			'auto',
			'1024x1024',
			'1536x1024',
			'1024x1536',
			'512x512',
			'256x256',
			'custom',
		]);
		expect(options[1].name).toBe('1024x1024 (Square, all models)');
		expect(options[2].name).toBe('1536x1024 (Landscape, GPT Image)');
	});
});

describe('option fields', () => {
	const ownOptionNames = (properties: INodeProperties[]) =>
		(properties.find((p) => p.name === 'options')!.options as INodeProperties[]).map((o) => o.name);
	const SHARED = [
		'binaryPropertyName',
		'outputMode',
		'imageLinks',
		'imageLinkExpiry',
		'downloadImages',
		'timeout',
		'maxRetries',
		'concurrency',
	];

	it('every option of Generate and Edit is a wire field or folded into one (nothing UI-only)', () => {
		const generateWire = GENERATE_FIELDS.map((f) => f.property.name);
		const editWire = EDIT_FIELDS.map((f) => f.property.name);
		expect(
			ownOptionNames(generate.properties)
				.filter((n) => !SHARED.includes(n))
				.sort(),
		).toEqual([...generateWire, 'customSize'].sort());
		expect(
			ownOptionNames(edit.properties)
				.filter((n) => !SHARED.includes(n))
				.sort(),
		).toEqual([...editWire, 'customSize', 'maskBinaryPropertyName'].sort());
	});

	it('own options are sorted by display name', () => {
		const names = (
			generate.properties.find((p) => p.name === 'options')!.options as INodeProperties[]
		).map((o) => o.displayName);
		const own = names.slice(0, GENERATE_FIELDS.length + 1);
		expect(own).toEqual([...own].sort((a, b) => a.localeCompare(b)));
	});

	it('maps quality between the families', () => {
		expect(qualityForModel('high', 'dall-e-3')).toBe('hd');
		expect(qualityForModel('medium', 'dall-e-3')).toBe('standard');
		expect(qualityForModel('auto', 'dall-e-3')).toBeUndefined();
		expect(qualityForModel('hd', 'gpt-image-1')).toBe('high');
		expect(qualityForModel('standard', 'gpt-image-1')).toBe('medium');
		expect(qualityForModel('hd', 'imagen-4.0-generate-001')).toBe('hd');
	});
});

describe('resolveOpenAiImageOptions', () => {
	const all = {
		n: 2,
		size: '1024x1536',
		quality: 'high',
		style: 'natural',
		responseFormat: 'url',
		user: 'user-7',
		background: 'transparent',
		moderation: 'low',
		outputFormat: 'webp',
		outputCompression: 80,
	};

	it('sends every GPT Image option and reports the ones gpt-image does not take', () => {
		const resolved = resolveOpenAiImageOptions(GENERATE_FIELDS, all, 'gpt-image-1', fail);
		expect(resolved.values).toEqual([
			{ wireName: 'n', value: 2 },
			{ wireName: 'size', value: '1024x1536' },
			{ wireName: 'quality', value: 'high' },
			{ wireName: 'user', value: 'user-7' },
			{ wireName: 'background', value: 'transparent' },
			{ wireName: 'moderation', value: 'low' },
			{ wireName: 'output_format', value: 'webp' },
			{ wireName: 'output_compression', value: 80 },
		]);
		expect(resolved.ignoredOptions).toEqual([
			'Style (not used by gpt-image-1)',
			'Response Format (not used by gpt-image-1)',
		]);
	});

	it('sends the DALL·E 3 options and leaves out the GPT Image ones', () => {
		const resolved = resolveOpenAiImageOptions(
			GENERATE_FIELDS,
			{ ...all, size: '1024x1792' },
			'dall-e-3',
			fail,
		);
		expect(resolved.values).toEqual([
			{ wireName: 'n', value: 2 },
			{ wireName: 'size', value: '1024x1792' },
			{ wireName: 'quality', value: 'hd' },
			{ wireName: 'style', value: 'natural' },
			{ wireName: 'response_format', value: 'url' },
			{ wireName: 'user', value: 'user-7' },
		]);
		expect(resolved.ignoredOptions).toHaveLength(4);
	});

	it('checks combinations before sending', () => {
		expect(() =>
			resolveOpenAiImageOptions(GENERATE_FIELDS, { outputCompression: 50 }, 'gpt-image-1', fail),
		).toThrow(/Output Compression only works with Output Format JPEG or WebP/);
		expect(() =>
			resolveOpenAiImageOptions(
				GENERATE_FIELDS,
				{ background: 'transparent', outputFormat: 'jpeg' },
				'gpt-image-1',
				fail,
			),
		).toThrow(/transparent background is not possible with JPEG/);
		// DALL·E never gets those options, so they cannot conflict.
		expect(
			resolveOpenAiImageOptions(GENERATE_FIELDS, { outputCompression: 50 }, 'dall-e-3', fail)
				.values,
		).toEqual([]);
	});
});

describe('options per DGrid channel', () => {
	it('Imagen and Qwen/Wan models on the OpenAI routes: the options their channel never reads are named, not sent', () => {
		const options = {
			style: 'vivid',
			user: 'u',
			quality: 'hd',
			background: 'opaque',
			responseFormat: 'url',
			n: 2,
		};
		const imagen = resolveOpenAiImageOptions(
			GENERATE_FIELDS,
			options,
			'imagen-4.0-generate-001',
			fail,
		);
		expect(imagen.values).toEqual([
			{ wireName: 'n', value: 2 },
			{ wireName: 'quality', value: 'hd' },
		]);
		expect(imagen.ignoredOptions).toEqual([
			'Style (not used by imagen-4.0-generate-001)',
			'Response Format (not used by imagen-4.0-generate-001)',
			'User (not used by imagen-4.0-generate-001)',
			'Background (not used by imagen-4.0-generate-001)',
		]);
		const qwen = resolveOpenAiImageOptions(
			EDIT_FIELDS,
			{ ...options, size: '1024x1024' },
			'qwen-image-edit',
			fail,
		);
		expect(qwen.values).toEqual([{ wireName: 'n', value: 2 }]);
		expect(qwen.ignoredOptions).toEqual([
			'Size (not used by qwen-image-edit)',
			'Quality (not used by qwen-image-edit)',
			'Response Format (not used by qwen-image-edit)',
			'User (not used by qwen-image-edit)',
			'Background (not used by qwen-image-edit)',
		]);
		// Generate keeps a size for Qwen models: the gateway turns it into parameters.size.
		expect(
			resolveOpenAiImageOptions(
				GENERATE_FIELDS,
				{ size: 'custom', customSize: '1328x1328' },
				'qwen-image',
				fail,
			).values,
		).toEqual([{ wireName: 'size', value: '1328x1328' }]);
	});
});

describe('prompt, dall-e-3 split, results', () => {
	it('checks the prompt length per family', () => {
		expect(() => checkPrompt('  ', 'gpt-image-1', fail)).toThrow(/prompt is empty/);
		expect(() => checkPrompt('x'.repeat(1001), 'dall-e-2', fail)).toThrow(
			/1001 characters long, dall-e-2 takes at most 1000/,
		);
		expect(() => checkPrompt('x'.repeat(4001), 'dall-e-3', fail)).toThrow(/at most 4000/);
		expect(checkPrompt('x'.repeat(4001), 'gpt-image-1', fail)).toHaveLength(4001);
		expect(checkPrompt('x'.repeat(40000), 'flux-pro', fail)).toHaveLength(40000);
	});

	it('splits dall-e-3 requests with n > 1 into n requests with n=1', () => {
		const values = [
			{ wireName: 'n', value: 3 },
			{ wireName: 'size', value: '1024x1024' },
		];
		expect(splitRequests(values, 'dall-e-3')).toEqual([
			[
				{ wireName: 'n', value: 1 },
				{ wireName: 'size', value: '1024x1024' },
			],
			[
				{ wireName: 'n', value: 1 },
				{ wireName: 'size', value: '1024x1024' },
			],
			[
				{ wireName: 'n', value: 1 },
				{ wireName: 'size', value: '1024x1024' },
			],
		]);
		expect(splitRequests(values, 'gpt-image-1')).toEqual([values]);
		expect(splitRequests([], 'dall-e-3')).toEqual([[]]);
	});

	it('merges several answers in order and explains an empty one', () => {
		const a = readImageData({
			created: 1,
			data: [{ b64_json: PNG.toString('base64'), revised_prompt: 'one' }],
		});
		const b = readImageData({ created: 2, data: [{ url: 'https://cdn/x.png' }] });
		const merged = openAiImagesResult([a, b], 'p', {
			values: [],
			ignoredOptions: ['Style (not used by x)'],
		});
		expect(merged.images.map((i) => i.url ?? 'bytes')).toEqual(['bytes', 'https://cdn/x.png']);
		expect(merged.json).toEqual({
			prompt: 'p',
			created: 1,
			requestCount: 2,
			ignoredOptions: ['Style (not used by x)'],
		});
		expect(merged.noImageReason).toBeUndefined();
		const empty = openAiImagesResult([readImageData({ data: [] })], 'p', {
			values: [],
			ignoredOptions: [],
		});
		expect(empty.noImageReason).toMatch(/empty/);
	});
});

describe('edit requests', () => {
	const image = (mimeType: string, width: number, height: number, name = 'photo'): InputImage => ({
		data: Buffer.from(name),
		info: {
			mimeType,
			extension: mimeType.split('/')[1],
			label: mimeType.split('/')[1].toUpperCase(),
			width,
			height,
		},
		fileName: `${name}.${mimeType.split('/')[1]}`,
		origin: `binary field "${name}"`,
	});

	it('uses image for one file, image[] for several, mask, then the options', () => {
		const one = buildEditBody(
			'dall-e-2',
			'p',
			{ kind: 'files', images: [image('image/png', 8, 8)], mask: image('image/png', 8, 8, 'mask') },
			[{ wireName: 'n', value: 2 }],
		);
		expect(
			one.multipart?.map((p) =>
				'data' in p ? `${p.name}=${p.fileName}:${p.contentType}` : `${p.name}=${p.value}`,
			),
		).toEqual([
			'model=dall-e-2',
			'prompt=p',
			'image=photo.png:image/png',
			'mask=mask.png:image/png',
			'n=2',
		]);
		const two = buildEditBody(
			'gpt-image-1',
			'p',
			{ kind: 'files', images: [image('image/png', 8, 8), image('image/jpeg', 8, 8, 'b')] },
			[],
		);
		expect(two.multipart?.filter((p) => 'data' in p).map((p) => p.name)).toEqual([
			'image[]',
			'image[]',
		]);
	});

	it('sends URLs as the JSON variant', () => {
		const body = buildEditBody(
			'gpt-image-1',
			'p',
			{ kind: 'urls', urls: ['https://a/x.png', 'data:image/png;base64,AA=='] },
			[{ wireName: 'quality', value: 'low' }],
		);
		expect(body).toEqual({
			json: {
				model: 'gpt-image-1',
				prompt: 'p',
				images: [{ image_url: 'https://a/x.png' }, { image_url: 'data:image/png;base64,AA==' }],
				quality: 'low',
			},
		});
	});

	it('checks what each family takes', () => {
		expect(editImageLimits('dall-e-2')).toEqual({ maxImages: 1, maxBytes: 4 * 1024 * 1024 });
		expect(editImageLimits('gpt-image-1').maxImages).toBe(16);
		expect(() => checkEditImages([image('image/jpeg', 8, 8)], 'dall-e-2', fail)).toThrow(
			/dall-e-2 edits only take PNG/,
		);
		expect(() => checkEditImages([image('image/png', 8, 6)], 'dall-e-2', fail)).toThrow(
			/is 8x6, dall-e-2 edits only take square/,
		);
		expect(() => checkEditImages([image('image/gif', 8, 8)], 'gpt-image-1', fail)).toThrow(
			/takes PNG, JPEG or WebP/,
		);
		expect(() =>
			checkEditImages([image('image/gif', 8, 8)], 'gemini-2.5-flash-image', fail),
		).not.toThrow();
		expect(() =>
			checkMask(image('image/png', 8, 6, 'mask'), image('image/png', 8, 8), fail),
		).toThrow(/the mask is 8x6 but the image is 8x8/);
		expect(() =>
			checkMask(image('image/jpeg', 8, 8, 'mask'), image('image/png', 8, 8), fail),
		).toThrow(/masks must be PNG/);
	});
});

describe('truncation check on inspected images (core fix)', () => {
	it('looksComplete works with the ImageInfo that inspectImage returns', () => {
		const png = makeImage('png', { width: 8, height: 8 });
		const jpeg = makeImage('jpeg', { width: 8, height: 8 });
		for (const bytes of [png, jpeg]) {
			expect(looksComplete(bytes, inspectImage(bytes)!)).toBe(true);
			const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
			expect(looksComplete(cut, inspectImage(cut)!)).toBe(false);
		}
	});
});
