import {
	buildMessagesInput,
	buildWanTaskInput,
	qwenPromptText,
} from '../../../nodes/DGridImages/qwen/messages';
import {
	QWEN_NEGATIVE_PROMPT_FIELD,
	QWEN_PARAMETER_FIELDS,
	normalizeQwenSize,
	qwenOptionProperties,
} from '../../../nodes/DGridImages/qwen/parameters';
import { OptionValueError } from '../../../nodes/DGridImages/core/request/itemErrors';
import { buildQwenBody } from '../../../nodes/DGridImages/qwen/request';
import { readQwenAnswer } from '../../../nodes/DGridImages/qwen/response';
import { buildWanEditForm } from '../../../nodes/DGridImages/qwen/wanEditForm';
import type { InputImage } from '../../../nodes/DGridImages/core/request/inputImages';
import { qwenEdit } from '../../../nodes/DGridImages/qwen/edit.operation';
import { qwenGenerate } from '../../../nodes/DGridImages/qwen/generate.operation';

describe('normalizeQwenSize', () => {
	it.each([
		['1024*1024', '1024*1024'],
		['1024x1024', '1024*1024'],
		['1664X928', '1664*928'],
		[' 1328 × 1328 ', '1328*1328'],
		['928 * 1664', '928*1664'],
	])('%s → %s', (input, expected) => {
		expect(normalizeQwenSize(input)).toBe(expected);
	});

	it.each(['1024', 'big', '1024x', '1024:1024', '16:9'])('rejects %s', (input) => {
		expect(() => normalizeQwenSize(input)).toThrow(OptionValueError);
		expect(() => normalizeQwenSize(input)).toThrow(/width\*height/);
	});
});

describe('Qwen parameter declarations', () => {
	it('declares each DashScope parameter once with its wire name', () => {
		expect(QWEN_PARAMETER_FIELDS.map((f) => [f.property.name, f.wireName])).toEqual([
			['size', 'parameters.size'],
			['n', 'parameters.n'],
			['seed', 'parameters.seed'],
			['promptExtend', 'parameters.prompt_extend'],
			['watermark', 'parameters.watermark'],
		]);
		expect(QWEN_NEGATIVE_PROMPT_FIELD.wireName).toBe('parameters.negative_prompt');
	});

	it('lists the options sorted by display name; content format only for Generate', () => {
		const generate = qwenOptionProperties({ contentFormat: true }).map((p) => p.displayName);
		expect(generate).toEqual([
			'Content Format',
			'Negative Prompt',
			'Negative Prompt Sent As',
			'Number of Images',
			'Prompt Extend',
			'Seed',
			'Size',
			'Watermark',
		]);
		expect(qwenOptionProperties({ contentFormat: false }).map((p) => p.name)).not.toContain(
			'contentFormat',
		);
	});

	it('both operations share the same parameter properties (one declaration)', () => {
		const optionsOf = (properties: typeof qwenGenerate.properties) =>
			properties.find((p) => p.name === 'options')?.options as Array<{ name: string }>;
		const generateOptions = optionsOf(qwenGenerate.properties);
		const editOptions = optionsOf(qwenEdit.properties);
		for (const field of QWEN_PARAMETER_FIELDS) {
			expect(generateOptions).toContain(field.property);
			expect(editOptions).toContain(field.property);
		}
		expect(generateOptions.map((o) => o.name)).toEqual(
			expect.arrayContaining(['binaryPropertyName', 'outputMode', 'downloadImages', 'timeout']),
		);
	});

	it('defaults: qwen-image for Generate (wanx-v1 in node version 1), qwen-image-edit for Edit, timeout 600 s', () => {
		expect(qwenGenerate.model).toMatchObject({
			parameter: 'qwenModel',
			default: 'qwen-image',
			legacyDefault: 'wanx-v1',
		});
		expect(qwenEdit.model).toMatchObject({
			parameter: 'qwenEditModel',
			default: 'qwen-image-edit',
		});
		const options = qwenGenerate.properties.find((p) => p.name === 'options')?.options as Array<{
			name: string;
			default: unknown;
		}>;
		expect(options.find((o) => o.name === 'timeout')?.default).toBe(600);
	});
});

describe('Qwen input and prompt text', () => {
	it('messages: always a text part, images first', () => {
		expect(buildMessagesInput('a cat', [])).toEqual({
			messages: [{ role: 'user', content: [{ text: 'a cat' }] }],
		});
		expect(
			buildMessagesInput('make it blue', ['https://x/a.png', 'data:image/png;base64,AAA']),
		).toEqual({
			messages: [
				{
					role: 'user',
					content: [
						{ image: 'https://x/a.png' },
						{ image: 'data:image/png;base64,AAA' },
						{ text: 'make it blue' },
					],
				},
			],
		});
	});

	it("a Wan task: prompt and negative_prompt, the fields DashScope's task API reads", () => {
		expect(buildWanTaskInput('a lake', ' people ')).toEqual({
			prompt: 'a lake',
			negative_prompt: 'people',
		});
		expect(buildWanTaskInput('a lake', '  ')).toEqual({ prompt: 'a lake' });
		expect(buildWanTaskInput('a lake')).toEqual({ prompt: 'a lake' });
	});

	it('appends the negative prompt as "Avoid: …"', () => {
		expect(qwenPromptText('a cat', 'dogs, text')).toBe('a cat\n\nAvoid: dogs, text');
		expect(qwenPromptText('a cat', '  ')).toBe('a cat');
		expect(qwenPromptText('a cat')).toBe('a cat');
	});
});

describe('buildQwenBody', () => {
	it('a synchronous model without options: a text part and no parameters', () => {
		expect(
			buildQwenBody({ model: 'qwen-image', prompt: 'a lake', images: [], options: {} }),
		).toEqual({
			json: {
				model: 'qwen-image',
				input: { messages: [{ role: 'user', content: [{ text: 'a lake' }] }] },
			},
			ignoredOptions: [],
		});
	});

	it.each(['wanx-v1', 'wanx2.1-t2i-plus', 'wan2.2-t2i-flash', 'wan2.5-t2i-preview', 'ali/wanx-v1'])(
		'%s (asynchronous): input.prompt, the negative prompt in input whatever the delivery, n always',
		(model) => {
			const options = {
				negativePrompt: 'people',
				negativePromptDelivery: 'parameter',
				size: '1024x1024',
				contentFormat: 'string',
			};
			expect(buildQwenBody({ model, prompt: 'a lake', images: [], options })).toEqual({
				json: {
					model,
					input: { prompt: 'a lake', negative_prompt: 'people' },
					parameters: { size: '1024*1024', n: 1 },
				},
				ignoredOptions: [
					'Content Format "Plain String" (sent as a text part: newer gateways reject a plain string)',
				],
			});
			expect(
				buildQwenBody({ model, prompt: 'p', images: [], options: { n: 3 } }).json?.parameters,
			).toEqual({ n: 3 });
		},
	);

	it.each(['qwen-image-plus', 'z-image-turbo', 'wan2.6-t2i', 'wan2.7-t2i'])(
		'%s (synchronous): input.messages',
		(model) => {
			expect(buildQwenBody({ model, prompt: 'p', images: [], options: {} }).json?.input).toEqual({
				messages: [{ role: 'user', content: [{ text: 'p' }] }],
			});
		},
	);

	it('every option on the wire, size converted, negative prompt in the text', () => {
		const { json } = buildQwenBody({
			model: 'qwen-image',
			prompt: 'a lake',
			images: [],
			options: {
				size: '1664x928',
				n: 2,
				seed: 42,
				promptExtend: false,
				watermark: true,
				negativePrompt: 'people',
				contentFormat: 'parts',
				timeout: 30,
				binaryPropertyName: 'image',
			},
		});
		expect(json).toEqual({
			model: 'qwen-image',
			input: { messages: [{ role: 'user', content: [{ text: 'a lake\n\nAvoid: people' }] }] },
			parameters: { size: '1664*928', n: 2, seed: 42, prompt_extend: false, watermark: true },
		});
	});

	it('negative prompt as DashScope parameter when chosen; a saved Plain String is sent as a part and named', () => {
		const body = buildQwenBody({
			model: 'qwen-image',
			prompt: 'a lake',
			images: [],
			options: {
				negativePrompt: 'people',
				negativePromptDelivery: 'parameter',
				contentFormat: 'string',
			},
		});
		expect(body).toEqual({
			json: {
				model: 'qwen-image',
				input: { messages: [{ role: 'user', content: [{ text: 'a lake' }] }] },
				parameters: { negative_prompt: 'people' },
			},
			ignoredOptions: [
				'Content Format "Plain String" (sent as a text part: newer gateways reject a plain string)',
			],
		});
	});

	it('edits: image parts before the text, also for a Wan model name (only generation runs as a task)', () => {
		expect(
			buildQwenBody({
				model: 'qwen-image-edit',
				prompt: 'p',
				images: ['https://x/a.png'],
				options: {},
			}).json?.input,
		).toEqual({
			messages: [{ role: 'user', content: [{ image: 'https://x/a.png' }, { text: 'p' }] }],
		});
	});

	it('seed 0 and n 1 are sent; an empty size is not', () => {
		const body = buildQwenBody({
			model: 'm',
			prompt: 'p',
			images: [],
			options: { seed: 0, n: 1, size: ' ' },
		});
		expect(body.json?.parameters).toEqual({ n: 1, seed: 0 });
	});

	it('throws an OptionValueError for a bad size', () => {
		expect(() =>
			buildQwenBody({ model: 'm', prompt: 'p', images: [], options: { size: 'large' } }),
		).toThrow(OptionValueError);
	});
});

describe('buildWanEditForm (old-Wan edits)', () => {
	const image = (fileName: string): InputImage => ({
		data: Buffer.from(fileName),
		info: { mimeType: 'image/png', extension: 'png', label: 'PNG' } as InputImage['info'],
		fileName,
		origin: `binary field "${fileName}"`,
	});

	it('model, prompt (with the negative prompt as text), n and the files; other options named as unused', () => {
		const form = buildWanEditForm(
			'wanx2.1-imageedit',
			'make it night',
			[image('a.png'), image('b.png')],
			{
				n: 2,
				seed: 4,
				watermark: false,
				negativePrompt: 'blur',
			},
		);
		expect(form.multipart).toEqual([
			{ name: 'model', value: 'wanx2.1-imageedit' },
			{ name: 'prompt', value: 'make it night\n\nAvoid: blur' },
			{ name: 'n', value: '2' },
			{ name: 'image[]', data: Buffer.from('a.png'), fileName: 'a.png', contentType: 'image/png' },
			{ name: 'image[]', data: Buffer.from('b.png'), fileName: 'b.png', contentType: 'image/png' },
		]);
		expect(form.ignoredOptions).toEqual([
			'Seed (not used by wanx2.1-imageedit: DGrid converts its edits without it)',
			'Watermark (not used by wanx2.1-imageedit: DGrid converts its edits without it)',
		]);
	});

	it('the DashScope Parameter delivery sends a negative_prompt field', () => {
		const form = buildWanEditForm('wan2.5-i2i-preview', 'p', [image('a.png')], {
			negativePrompt: 'blur',
			negativePromptDelivery: 'parameter',
		});
		expect(form.multipart?.slice(0, 3)).toEqual([
			{ name: 'model', value: 'wan2.5-i2i-preview' },
			{ name: 'prompt', value: 'p' },
			{ name: 'negative_prompt', value: 'blur' },
		]);
		expect(form.multipart?.[3]).toMatchObject({ name: 'image', fileName: 'a.png' });
	});
});

describe('readQwenAnswer', () => {
	const metadata = {
		output: { task_id: 't1', task_status: 'SUCCEEDED', results: [{ url: 'https://cdn/x.png' }] },
		usage: { image_count: 1 },
		request_id: 'r1',
	};

	it('URL images with "" in unused keys; the revised prompt (revisedPrompt) and metadata kept', () => {
		const result = readQwenAnswer({
			created: 1719859200,
			data: [
				{ url: 'https://cdn.example/a.png', b64_json: '', revised_prompt: 'A lake at dawn, mist' },
				{ url: 'https://cdn.example/b.png', b64_json: '', revised_prompt: '' },
			],
			metadata,
		});
		// metadata's task results list an image data[] lacks: it comes out too, in DashScope's order.
		expect(result.images).toEqual([
			{ url: 'https://cdn/x.png' },
			{ url: 'https://cdn.example/a.png', json: { revisedPrompt: 'A lake at dawn, mist' } },
			{ url: 'https://cdn.example/b.png' },
		]);
		expect(result.json).toEqual({ created: 1719859200, metadata });
		expect(result.noImageReason).toBeUndefined();
	});

	it('no image: the reason quotes the model text and DashScope status', () => {
		const result = readQwenAnswer({
			created: 1,
			data: [{ url: '', b64_json: '', revised_prompt: 'I cannot draw that' }],
			metadata: {
				output: {
					task_status: 'FAILED',
					code: 'DataInspectionFailed',
					message: 'Input data may contain inappropriate content.',
				},
			},
		});
		expect(result.images).toEqual([]);
		expect(result.noImageReason).toBe(
			'The model answered with text only: "I cannot draw that" DashScope said: FAILED — DataInspectionFailed — Input data may contain inappropriate content.',
		);
	});

	it('no data at all', () => {
		expect(readQwenAnswer({ created: 1 }).noImageReason).toMatch(/no "data" list/);
	});
});
