import {
	dashScopeExplanation,
	mergeUpstreamImages,
	readDashScopeMetadata,
	upstreamImages,
} from '../../../nodes/DGridImages/core/answer/dashScopeMetadata';
import { readImageData } from '../../../nodes/DGridImages/core/answer/imageDataReader';

const choiceAnswer = {
	output: {
		choices: [
			{
				message: {
					content: [
						{ image: 'https://cdn/a.png' },
						{ image: 'https://cdn/b.png' },
						{ text: 'a lake, misty' },
					],
				},
			},
			{ message: { content: [{ image: 'https://cdn/c.png' }] } },
		],
	},
	usage: { image_count: 3 },
};

describe('DashScope metadata', () => {
	it('sent as a JSON string or as base64 bytes becomes an object', () => {
		const text = JSON.stringify(choiceAnswer);
		expect(readDashScopeMetadata(text)).toEqual(choiceAnswer);
		expect(readDashScopeMetadata(Buffer.from(text).toString('base64'))).toEqual(choiceAnswer);
		expect(readDashScopeMetadata('plain words')).toBe('plain words');
		expect(readDashScopeMetadata(choiceAnswer)).toBe(choiceAnswer);
	});

	it("lists every image of every choice with the choice's text, and task results with actual_prompt", () => {
		expect(upstreamImages(choiceAnswer)).toEqual([
			{ url: 'https://cdn/a.png', revisedPrompt: 'a lake, misty' },
			{ url: 'https://cdn/b.png', revisedPrompt: 'a lake, misty' },
			{ url: 'https://cdn/c.png' },
		]);
		expect(
			upstreamImages({
				output: {
					results: [
						{ url: 'https://cdn/t.png', actual_prompt: 'ext' },
						{ code: 'Failed', message: 'x' },
					],
				},
			}),
		).toEqual([{ url: 'https://cdn/t.png', revisedPrompt: 'ext' }]);
		for (const odd of [
			undefined,
			null,
			'x',
			[],
			{ output: 'x' },
			{ output: { choices: [null, { message: 5 }], results: 'x' } },
		]) {
			expect(upstreamImages(odd)).toEqual([]);
		}
		// base64 or other non-URL images are not listed (data[] carries those)
		expect(
			upstreamImages({
				output: { choices: [{ message: { content: [{ image: 'iVBORw0KGgo=' }] } }] },
			}),
		).toEqual([]);
	});

	it("merges: metadata's images in order, with what data[] said; data[] images it lacks follow", () => {
		const merged = mergeUpstreamImages(
			[
				{ url: 'https://cdn/b.png', json: { revisedPrompt: 'from data' } },
				{ data: Buffer.from('x') },
			],
			upstreamImages(choiceAnswer),
		);
		expect(merged).toEqual([
			{ url: 'https://cdn/a.png', json: { revisedPrompt: 'a lake, misty' } },
			{ url: 'https://cdn/b.png', json: { revisedPrompt: 'from data' } },
			{ url: 'https://cdn/c.png' },
			{ data: Buffer.from('x') },
		]);
		expect(mergeUpstreamImages([{ url: 'https://cdn/z.png' }], [])).toEqual([
			{ url: 'https://cdn/z.png' },
		]);
	});

	it('readImageData: a Qwen answer with three images in metadata and one in data[] gives three', () => {
		const reading = readImageData({
			created: 1,
			data: [{ url: 'https://cdn/c.png', b64_json: '', revised_prompt: '' }],
			metadata: JSON.stringify(choiceAnswer),
		});
		expect(reading.images.map((image) => image.url)).toEqual([
			'https://cdn/a.png',
			'https://cdn/b.png',
			'https://cdn/c.png',
		]);
		expect(reading.json.metadata).toEqual(choiceAnswer);
	});

	it("explains a missing image with DashScope's status, code and message", () => {
		expect(
			dashScopeExplanation({
				output: { task_status: 'FAILED', code: 'DataInspectionFailed', message: 'bad input' },
			}),
		).toBe('DashScope said: FAILED — DataInspectionFailed — bad input');
		expect(dashScopeExplanation({ request_id: 'r' })).toBeUndefined();
		expect(dashScopeExplanation('x')).toBeUndefined();
	});
});
