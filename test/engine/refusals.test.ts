/**
 * Safety refusals read as refusals: OpenAI's 400 `content_policy_violation` ("…our safety
 * system…"), New API's 400 `prompt_blocked` for a blocked Gemini prompt and DashScope's
 * `DataInspectionFailed` (HTTP 200 + error) say in the headline that the prompt was refused —
 * not "rejected the request as invalid" — and are not sent again.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeImage } from '../tools/gateway';
import type { InputItem } from '../tools/harness';
import { modelId, runNode, useGateway } from './support';

const gateway = useGateway();

const failure = async (parameters: IDataObject, input?: InputItem[]) => {
	const result = await runNode(
		gateway,
		{ options: { maxRetries: 2 }, ...parameters },
		{ continueOnFail: true, input },
	);
	expect(result.items).toHaveLength(1);
	expect(gateway.requests).toHaveLength(1);
	return result.items[0].json as { error: string; details: string };
};

const REPHRASE =
	'Rephrase the prompt (or change the input images); the same request is refused again.';

describe('refusals', () => {
	it("Generate: OpenAI's safety system", async () => {
		const { error, details } = await failure({
			operation: 'generate',
			model: modelId('gpt-image-1'),
			prompt: 'something [dgrid:refuse]',
		});
		expect(error).toBe(
			'Generate failed for item 0: the model refused the prompt — safety system (HTTP 400)',
		);
		expect(details).toMatch(
			/^DGrid said: Your request was rejected as a result of our safety system\./,
		);
		expect(details).toContain(REPHRASE);
		expect(details).toContain('Code: content_policy_violation');
	});

	it('Edit: the same refusal from the edits route', async () => {
		const { error } = await failure(
			{ operation: 'edit', model: modelId('gpt-image-1'), prompt: 'something [dgrid:refuse]' },
			[
				{
					json: {},
					binary: {
						data: {
							data: makeImage('png', { width: 16, height: 16 }),
							mimeType: 'image/png',
							fileName: 'in.png',
						},
					},
				},
			],
		);
		expect(error).toBe(
			'Edit failed for item 0: the model refused the prompt — safety system (HTTP 400)',
		);
	});

	it("Chat: New API's prompt_blocked names the block reason", async () => {
		const { error, details } = await failure({
			operation: 'chat',
			model: modelId('gemini-2.5-flash-image'),
			prompt: 'something [dgrid:refuse=prompt]',
		});
		expect(error).toBe(
			'Chat failed for item 0: the model refused the prompt — prompt blocked: PROHIBITED_CONTENT (HTTP 400)',
		);
		expect(details).toContain('Code: prompt_blocked');
	});

	it("Qwen Generate: DashScope's content inspection (a Wan task failing: HTTP 200 carrying the error)", async () => {
		const { error } = await failure({
			operation: 'qwenGenerate',
			model: modelId('wanx-v1'),
			prompt: 'something [dgrid:refuse]',
		});
		expect(error).toBe(
			'Qwen Generate failed for item 0: the model refused the prompt — content inspection (HTTP 200)',
		);
	});

	it('a "safety system" message under another code is a refusal too; a plain 400 stays "invalid"', async () => {
		gateway.queueFault({
			kind: 'status',
			status: 400,
			body: {
				error: {
					message: 'This request has been blocked by our safety system.',
					type: 'invalid_request_error',
					code: null,
				},
			},
		});
		const refused = await failure({
			operation: 'generate',
			model: modelId('dall-e-3'),
			prompt: 'something',
		});
		expect(refused.error).toBe(
			'Generate failed for item 0: the model refused the prompt — safety system (HTTP 400)',
		);

		gateway.reset();
		const invalid = await failure({
			operation: 'generate',
			model: modelId('dall-e-3'),
			prompt: 'something [dgrid:status=400]',
		});
		expect(invalid.error).toBe(
			'Generate failed for item 0: DGrid rejected the request as invalid (HTTP 400)',
		);
		expect(invalid.details).not.toContain(REPHRASE);
	});
});
