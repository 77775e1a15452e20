import { buildQwenInput, qwenPromptText } from '../../../nodes/DGridImages/qwen/messages';
import {
	QWEN_NEGATIVE_PROMPT_FIELD,
	QWEN_PARAMETER_FIELDS,
	QwenParameterError,
	normalizeQwenSize,
	qwenOptionProperties,
} from '../../../nodes/DGridImages/qwen/parameters';
import { buildQwenBody } from '../../../nodes/DGridImages/qwen/request';
import { readQwenAnswer, readQwenMetadata } from '../../../nodes/DGridImages/qwen/response';
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
		expect(() => normalizeQwenSize(input)).toThrow(QwenParameterError);
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
		expect(qwenOptionProperties({ contentFormat: false }).map((p) => p.name)).not.toContain('contentFormat');
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
		expect(qwenGenerate.model).toMatchObject({ parameter: 'qwenModel', default: 'qwen-image', legacyDefault: 'wanx-v1' });
		expect(qwenEdit.model).toMatchObject({ parameter: 'qwenEditModel', default: 'qwen-image-edit' });
		const options = qwenGenerate.properties.find((p) => p.name === 'options')?.options as Array<{
			name: string;
			default: unknown;
		}>;
		expect(options.find((o) => o.name === 'timeout')?.default).toBe(600);
	});
});

describe('buildQwenInput / qwenPromptText', () => {
	it('text part by default, plain string on request', () => {
		expect(buildQwenInput('a cat', [], 'parts')).toEqual({
			messages: [{ role: 'user', content: [{ text: 'a cat' }] }],
		});
		expect(buildQwenInput('a cat', [], 'string')).toEqual({
			messages: [{ role: 'user', content: 'a cat' }],
		});
	});

	it('images first, then the text; a plain string is impossible with images', () => {
		expect(buildQwenInput('make it blue', ['https://x/a.png', 'data:image/png;base64,AAA'], 'string')).toEqual({
			messages: [
				{
					role: 'user',
					content: [{ image: 'https://x/a.png' }, { image: 'data:image/png;base64,AAA' }, { text: 'make it blue' }],
				},
			],
		});
	});

	it('appends the negative prompt as "Avoid: …"', () => {
		expect(qwenPromptText('a cat', 'dogs, text')).toBe('a cat\n\nAvoid: dogs, text');
		expect(qwenPromptText('a cat', '  ')).toBe('a cat');
		expect(qwenPromptText('a cat')).toBe('a cat');
	});
});

describe('buildQwenBody', () => {
	it('without options: DGrid sample shape with a text part and no parameters', () => {
		expect(buildQwenBody({ model: 'wanx-v1', prompt: 'a lake', images: [], options: {} })).toEqual({
			model: 'wanx-v1',
			input: { messages: [{ role: 'user', content: [{ text: 'a lake' }] }] },
		});
	});

	it('every option on the wire, size converted, negative prompt in the text', () => {
		const body = buildQwenBody({
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
		expect(body).toEqual({
			model: 'qwen-image',
			input: { messages: [{ role: 'user', content: [{ text: 'a lake\n\nAvoid: people' }] }] },
			parameters: { size: '1664*928', n: 2, seed: 42, prompt_extend: false, watermark: true },
		});
	});

	it('negative prompt as DashScope parameter when chosen', () => {
		const body = buildQwenBody({
			model: 'qwen-image',
			prompt: 'a lake',
			images: [],
			options: { negativePrompt: 'people', negativePromptDelivery: 'parameter', contentFormat: 'string' },
		});
		expect(body).toEqual({
			model: 'qwen-image',
			input: { messages: [{ role: 'user', content: 'a lake' }] },
			parameters: { negative_prompt: 'people' },
		});
	});

	it('seed 0 and n 1 are sent; an empty size is not', () => {
		const body = buildQwenBody({ model: 'm', prompt: 'p', images: [], options: { seed: 0, n: 1, size: ' ' } });
		expect(body.parameters).toEqual({ n: 1, seed: 0 });
	});

	it('throws a QwenParameterError for a bad size', () => {
		expect(() => buildQwenBody({ model: 'm', prompt: 'p', images: [], options: { size: 'large' } })).toThrow(
			QwenParameterError,
		);
	});
});

describe('readQwenAnswer', () => {
	const metadata = {
		output: { task_id: 't1', task_status: 'SUCCEEDED', results: [{ url: 'https://cdn/x.png' }] },
		usage: { image_count: 1 },
		request_id: 'r1',
	};

	it('URL images with "" in unused keys; revised_prompt and metadata kept', () => {
		const result = readQwenAnswer({
			created: 1719859200,
			data: [
				{ url: 'https://cdn.example/a.png', b64_json: '', revised_prompt: 'A lake at dawn, mist' },
				{ url: 'https://cdn.example/b.png', b64_json: '', revised_prompt: '' },
			],
			metadata,
		});
		expect(result.images).toEqual([
			{ url: 'https://cdn.example/a.png', json: { revised_prompt: 'A lake at dawn, mist' } },
			{ url: 'https://cdn.example/b.png' },
		]);
		expect(result.json).toEqual({ created: 1719859200, metadata });
		expect(result.noImageReason).toBeUndefined();
	});

	it('metadata sent as a JSON string or as base64 bytes becomes an object', () => {
		const text = JSON.stringify(metadata);
		expect(readQwenMetadata(text)).toEqual(metadata);
		expect(readQwenMetadata(Buffer.from(text).toString('base64'))).toEqual(metadata);
		expect(readQwenMetadata('plain words')).toBe('plain words');
		expect(readQwenMetadata(metadata)).toBe(metadata);
	});

	it('no image: the reason quotes the model text and DashScope status', () => {
		const result = readQwenAnswer({
			created: 1,
			data: [{ url: '', b64_json: '', revised_prompt: 'I cannot draw that' }],
			metadata: { output: { task_status: 'FAILED', code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' } },
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
