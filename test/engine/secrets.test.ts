/**
 * The key never leaves: a broken gateway echoes the Authorization header into its error
 * (message, param, code) or into the text of a normal answer, and nothing the node emits —
 * items, error items, the error that stops the node (message, description, stack, cause), the
 * run data n8n stores — carries the key. The key here has no recognisable shape (no `sk-`,
 * no `aigw_sk_`), so only removing the credential's actual value keeps it out.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../tools/harness';
import type { RunResult } from '../tools/harness';
import { credentialsFor, modelId, useGateway } from './support';

const KEY = 'dgridPlain7Q4vXk2Lm9TzW';
const gateway = useGateway({ apiKey: KEY });

/** Every own property, enumerable or not (message, stack, cause…), of errors at any depth. */
function everything(value: unknown, seen = new Set<unknown>()): unknown {
	if (value === null || typeof value !== 'object' || seen.has(value)) return value;
	seen.add(value);
	if (Buffer.isBuffer(value)) return '<bytes>';
	if (Array.isArray(value)) return value.map((entry) => everything(entry, seen));
	const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	return Object.fromEntries(
		names.map((name) => [name, everything((value as Record<string, unknown>)[name], seen)]),
	);
}

/** The whole run as text: run data, both outputs, the error with its hidden fields. */
const wholeRun = (result: RunResult) =>
	JSON.stringify(
		everything({
			run: result.run,
			items: result.items,
			errorItems: result.errorItems,
			error: result.error,
		}),
	);

const run = (
	parameters: IDataObject,
	extra: {
		input?: Array<{ json: IDataObject }>;
		onError?: 'continueErrorOutput' | 'continueRegularOutput';
		continueOnFail?: boolean;
	} = {},
) =>
	runWorkflow({
		node: {
			parameters: { options: { maxRetries: 0 }, ...parameters },
			...(extra.onError ? { onError: extra.onError } : {}),
			...(extra.continueOnFail ? { continueOnFail: true } : {}),
		},
		credentials: credentialsFor(gateway),
		input: extra.input,
	});

describe('the key never leaves', () => {
	it('error output: echoed in an error (message, param, code) and in an answer, the key is nowhere in the run', async () => {
		const result = await run(
			{ operation: 'generate', model: modelId('dall-e-3'), prompt: '={{ $json.prompt }}' },
			{
				onError: 'continueErrorOutput',
				input: [
					{ json: { prompt: 'a plain fox' } },
					{ json: { prompt: 'an echoing fox [dgrid:fault=echoKey]' } },
					{ json: { prompt: 'a chatty fox [dgrid:fault=echoKeyInAnswer]' } },
				],
			},
		);
		// The gateway did echo it: the key reached the node in all three places.
		expect(gateway.requests.map((request) => request.authorization)).toEqual([
			`Bearer ${KEY}`,
			`Bearer ${KEY}`,
			`Bearer ${KEY}`,
		]);
		expect(result.errorItems).toHaveLength(1);
		const [failed] = result.errorItems;
		expect(failed.json.error).toBe(
			'Generate failed for item 1: DGrid did not accept the API key — check the DGrid API credential (HTTP 401)',
		);
		expect(failed.json.message).toContain(
			'DGrid said: upstream rejected the credential (Authorization: Bearer ***; key ***)',
		);
		expect(failed.json.message).toContain('Code: ***');
		expect(failed.json.message).toContain('Parameter: ***');
		const echoed = result.items.find(
			(item) => item.pairedItem && (item.pairedItem as { item: number }).item === 2,
		);
		expect(JSON.stringify(echoed?.json)).toContain('(echo: Authorization: Bearer ***; key ***)');
		expect(wholeRun(result)).not.toContain(KEY);
	});

	it('continue (regular output): the error item carries no key', async () => {
		const result = await run(
			{
				operation: 'qwenGenerate',
				model: modelId('qwen-image'),
				prompt: 'a lake [dgrid:fault=echoKey]',
			},
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toMatch(/^Qwen Generate failed for item 0: /);
		expect(wholeRun(result)).not.toContain(KEY);
	});

	it('stop on error: the error that stops the node (message, description, stack, cause) carries no key', async () => {
		const result = await run({
			operation: 'edit',
			model: modelId('gpt-image-1'),
			prompt: 'x [dgrid:fault=echoKey]',
			imageSource: 'url',
			imageUrls: 'https://example.com/a.png',
		});
		expect(result.error?.message).toMatch(/^Edit failed for item 0: /);
		expect(result.error?.description).toContain('key ***');
		expect(wholeRun(result)).not.toContain(KEY);
	});

	it('a streamed chat answer that repeats the key: the text comes out without it', async () => {
		const result = await run({
			operation: 'chat',
			model: modelId('gemini-2.5-flash-image'),
			prompt: 'a cat [dgrid:fault=echoKeyInAnswer]',
			options: { stream: true, maxRetries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(String(result.items[0].json.text)).toContain('key ***');
		expect(wholeRun(result)).not.toContain(KEY);
	});
});
