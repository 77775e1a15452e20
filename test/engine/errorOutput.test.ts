// n8n 1.x and 2.x: a failed item must reach "On Error: Continue (using error output)"
// in both major versions of n8n. The engine here is n8n-core 2.41; n8n 1.x's rule is checked on
// the keys the node gives a failed item (the real n8n 1.123.81 runs the examples in the
// end-to-end suite).
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../tools/harness';
import { credentialsFor, modelId, useGateway } from './support';

const gateway = useGateway();

const generate = {
	operation: 'generate',
	model: modelId('gpt-image-1'),
	prompt: '={{ $json.prompt }}',
	options: { maxRetries: 0, concurrency: 2 },
};
const input = [
	{ json: { prompt: 'a red bicycle' } },
	{ json: { prompt: 'a forbidden picture [dgrid:refuse]' } },
];

/**
 * WorkflowExecute.handleNodeErrorOutput in n8n-core 1.122.48 (the one n8n 1.123.81 ships): an
 * item goes to the error output when it carries an n8n error object, or when its json is
 * exactly {error} or {error, message}. n8n-core 2.x accepts any json whose keys are all among
 * error, message, details. Both then merge the input item's json under the node's keys.
 */
function routedByN8n1(json: IDataObject): boolean {
	const keys = Object.keys(json);
	return Boolean(json.error) && (keys.length === 1 || (Boolean(json.message) && keys.length === 2));
}

/** The keys the node put on a failed item, without the input fields n8n merged in. */
const ownKeys = (json: IDataObject, inputJson: IDataObject) =>
	Object.fromEntries(Object.entries(json).filter(([key]) => !(key in inputJson)));

describe('failed items reach the error output in n8n 1.x and 2.x', () => {
	it('On Error "Continue (using error output)": {error, message} — a shape both versions route — plus the input fields', async () => {
		const result = await runWorkflow({
			node: { parameters: generate, onError: 'continueErrorOutput' },
			credentials: credentialsFor(gateway),
			input,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data.buffer.length).toBeGreaterThan(0);
		expect(result.errorItems).toHaveLength(1);
		const [failed] = result.errorItems;
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(Object.keys(failed.json).sort()).toEqual(['error', 'message', 'prompt']);
		expect(failed.json.prompt).toBe('a forbidden picture [dgrid:refuse]');
		expect(failed.json.error).toMatch(/^Generate failed for item 1: .*\(HTTP 400\)$/);
		expect(failed.json.message).toMatch(
			/^DGrid said: .*request id.*\nCode: content_policy_violation/s,
		);
		expect(routedByN8n1(ownKeys(failed.json, input[1].json))).toBe(true);
	});

	it('a problem found before calling DGrid (empty prompt) takes the same shape', async () => {
		const result = await runWorkflow({
			node: { parameters: generate, onError: 'continueErrorOutput' },
			credentials: credentialsFor(gateway),
			input: [{ json: { prompt: '' } }],
		});
		expect(result.items).toHaveLength(0);
		expect(result.errorItems).toHaveLength(1);
		const own = ownKeys(result.errorItems[0].json, { prompt: '' });
		expect(own).toEqual({
			error: expect.stringMatching(/^Generate failed for item 0: .*prompt/i),
			message: expect.stringMatching(/prompt/i),
		});
		expect(routedByN8n1(own)).toBe(true);
		expect(gateway.requests).toHaveLength(0);
	});

	it.each([
		['On Error "Continue" (regular output)', { onError: 'continueRegularOutput' as const }],
		['the legacy "Continue on Fail" switch', { continueOnFail: true }],
	])(
		'%s: the failed item stays in place with message, and details as in 0.1.0',
		async (_name, mode) => {
			const result = await runWorkflow({
				node: { parameters: generate, ...mode },
				credentials: credentialsFor(gateway),
				input,
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
			expect(result.items[0].binary?.data.buffer.length).toBeGreaterThan(0);
			const failed = result.items[1];
			expect(failed.pairedItem).toEqual({ item: 1 });
			expect(Object.keys(failed.json).sort()).toEqual(['details', 'error', 'message']);
			expect(failed.json.error).toMatch(/^Generate failed for item 1: /);
			expect(failed.json.message).toMatch(/^DGrid said: .*request id/);
			expect(failed.json.details).toBe(failed.json.message);
		},
	);
});
