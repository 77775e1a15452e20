import {
	acceptsResponseFormat,
	belongsToFamily,
	isAliModel,
	isAsyncWanModel,
	isGeminiModel,
	isGptImage,
	isMiniMaxImage,
	isOldWanModel,
	isSyncAliModel,
} from '../../../nodes/DGridImages/core/description/models';
import { imageFileParts } from '../../../nodes/DGridImages/core/request/inputImages';
import type { InputImage } from '../../../nodes/DGridImages/core/request/inputImages';
import { wireValuesToParts } from '../../../nodes/DGridImages/core/request/wireFields';

describe('model families', () => {
	it.each([
		'gpt-image-1',
		'gpt-image-1-mini',
		'gpt-image-1.5',
		'chatgpt-image-latest',
		'openai/chatgpt-image-latest',
		' GPT-IMAGE-1 ',
	])('%s is GPT Image', (model) => {
		expect(isGptImage(model)).toBe(true);
		expect(acceptsResponseFormat(model)).toBe(false);
	});

	it.each(['dall-e-3', 'chatgpt-4o-latest', 'my-gpt-image', 'imagen-4.0-generate-001'])(
		'%s is not GPT Image',
		(model) => {
			expect(isGptImage(model)).toBe(false);
		},
	);

	it("Alibaba models: synchronous by the gateway's name parts, every other one an asynchronous Wan task", () => {
		const sync = [
			'qwen-image',
			'qwen-image-plus',
			'qwen-image-edit-plus',
			'z-image-turbo',
			'wan2.6-t2i',
			'wan2.7-image',
			'ali/qwen-image',
		];
		const async = [
			'wanx-v1',
			'wanx2.1-t2i-turbo',
			'wan2.2-t2i-flash',
			'wan2.5-t2i-preview',
			'wanx2.1-imageedit',
		];
		for (const model of [...sync, ...async]) expect(isAliModel(model)).toBe(true);
		expect(sync.filter(isSyncAliModel)).toEqual(sync);
		expect(async.filter(isAsyncWanModel)).toEqual(async);
		expect(sync.filter(isAsyncWanModel)).toEqual([]);
		expect(['dall-e-3', 'flux-pro', 'gemini-2.5-flash-image'].some(isAliModel)).toBe(false);
		expect(acceptsResponseFormat('qwen-image')).toBe(false);
	});

	it('old Wan: every Wan before 2.6 (its edits go as a form)', () => {
		expect(['wanx2.1-imageedit', 'wan2.5-i2i-preview', 'wanx-v1'].every(isOldWanModel)).toBe(true);
		expect(['wan2.6-image', 'wan2.7-image', 'qwen-image-edit'].some(isOldWanModel)).toBe(false);
	});

	it('Gemini and MiniMax', () => {
		expect(isGeminiModel('google/gemini-2.5-flash-image')).toBe(true);
		expect(isGeminiModel('imagen-4.0-generate-001')).toBe(false);
		expect(['image-01', 'image-01-live', 'minimax/image-01'].every(isMiniMaxImage)).toBe(true);
		expect(isMiniMaxImage('qwen-image-01')).toBe(false);
	});

	it('the model picker ranks Z-Image with the Qwen models', () => {
		expect(belongsToFamily('z-image-turbo', 'qwen')).toBe(true);
	});
});

describe('multipart parts', () => {
	it('wire values become text parts', () => {
		expect(
			wireValuesToParts([
				{ wireName: 'n', value: 2 },
				{ wireName: 'user', value: 'u' },
			]),
		).toEqual([
			{ name: 'n', value: '2' },
			{ name: 'user', value: 'u' },
		]);
	});

	it('input images become `image` (one) or `image[]` (several) file parts', () => {
		const image = (name: string): InputImage => ({
			data: Buffer.from(name),
			info: { mimeType: 'image/jpeg' } as InputImage['info'],
			fileName: name,
			origin: name,
		});
		expect(imageFileParts([image('a.jpg')])).toEqual([
			{ name: 'image', data: Buffer.from('a.jpg'), fileName: 'a.jpg', contentType: 'image/jpeg' },
		]);
		expect(imageFileParts([image('a.jpg'), image('b.jpg')]).map((part) => part.name)).toEqual([
			'image[]',
			'image[]',
		]);
	});
});
