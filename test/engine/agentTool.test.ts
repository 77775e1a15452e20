/**
 * Links to stored images, the AI Agent tool's compact result and token usage, through n8n-core's
 * real engine and binary data service: links are n8n's own signed URLs (checked with n8n's own
 * validation), the tool variant returns a few hundred characters per image, and every request's
 * tokens are counted once.
 */
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NO_LINK_IN_MEMORY_MODE } from '../../nodes/DGridImages/core/pipeline/imageLinks';
import { loadDGridNode, runWorkflow } from '../tools/harness';
import type { BinaryMode, RunResult } from '../tools/harness';
import { credentialsFor, modelId, useGateway, withOperationModel } from './support';

const gateway = useGateway();
const TOOL_TYPE = 'n8n-nodes-dgrid.dgridImagesTool';

interface Run {
	parameters: IDataObject;
	binaryMode?: BinaryMode;
	asTool?: boolean;
	inputCount?: number;
}

/** Runs the node, or its AI Agent tool variant (the same node under the type n8n gives the tool). */
function run({
	parameters,
	binaryMode = 'filesystem',
	asTool = false,
	inputCount = 1,
}: Run): Promise<RunResult> {
	return runWorkflow({
		node: {
			parameters: withOperationModel(parameters) as INodeParameters,
			...(asTool ? { type: TOOL_TYPE } : {}),
		},
		...(asTool ? { nodeTypes: { [TOOL_TYPE]: loadDGridNode() } } : {}),
		credentials: credentialsFor(gateway),
		binaryMode,
		input: Array.from({ length: inputCount }, (_, index) => ({ json: { index } })),
	});
}

const generate = (options: IDataObject = {}, prompt = 'a red fox in snow, watercolor') => ({
	operation: 'generate',
	model: modelId('gpt-image-1'),
	prompt,
	options,
});

/** The id of the stored binary a signed link points at, as n8n's /rest/binary-data/signed reads it. */
function binaryIdOfLink(link: string): string {
	const url = new URL(link);
	expect(url.pathname).toBe('/rest/binary-data/signed');
	return Container.get(BinaryDataService).validateSignedToken(url.searchParams.get('token')!);
}

describe('Image Links option', () => {
	it('is off by default: no link in the json', async () => {
		const result = await run({ parameters: generate() });
		expect(result.error).toBeUndefined();
		expect(Object.keys(result.items[0].json).filter((key) => key.startsWith('imageLink'))).toEqual(
			[],
		);
	});

	it('adds a signed link to each stored image that expires when the option says', async () => {
		const before = Date.now();
		const result = await run({
			parameters: generate({ imageLinks: true, imageLinkExpiry: 90, n: 2 }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(binaryIdOfLink(item.json.imageLink as string)).toBe(item.binary!.data.id);
			const expiresAt = Date.parse(item.json.imageLinkExpiresAt as string);
			expect(expiresAt - before).toBeGreaterThanOrEqual(90 * 60 * 1000 - 1000);
			expect(expiresAt - Date.now()).toBeLessThanOrEqual(90 * 60 * 1000 + 1000);
		}
		expect(result.items[0].json.imageLink).not.toBe(result.items[1].json.imageLink);
	});

	it('puts the links beside each image when all images share one item', async () => {
		const result = await run({
			parameters: generate({ imageLinks: true, n: 2, outputMode: 'oneItem' }),
		});
		const images = result.items[0].json.images as IDataObject[];
		expect(binaryIdOfLink(images[0].imageLink as string)).toBe(result.items[0].binary!.data.id);
		expect(binaryIdOfLink(images[1].imageLink as string)).toBe(result.items[0].binary!.data_1.id);
	});

	it('where binary data stays in memory, says so in one sentence and the item still succeeds', async () => {
		const result = await run({ parameters: generate({ imageLinks: true }), binaryMode: 'default' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.imageLinkUnavailable).toBe(NO_LINK_IN_MEMORY_MODE);
		expect(NO_LINK_IN_MEMORY_MODE).toContain('N8N_DEFAULT_BINARY_DATA_MODE=filesystem');
		expect(result.items[0].binary!.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
	});
});

describe('as an AI Agent tool', () => {
	it('returns per image a link, a markdown image and what was made: a few hundred characters, no image data', async () => {
		const result = await run({ parameters: generate({ n: 2 }), asTool: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const [first, second] = result.items.map((item) => item.json);
		expect(binaryIdOfLink(first.imageLink as string)).toBe(result.items[0].binary!.data.id);
		expect(first.markdown).toBe(`![a red fox in snow, watercolor](${first.imageLink as string})`);
		expect(first.made).toMatch(
			/^Generate with gpt-image-1: PNG \d+x\d+, \d+ (bytes|KB|MB) \(image 1 of 2\)$/,
		);
		expect(second.made).toMatch(/\(image 2 of 2\)$/);
		// What n8n hands the model: JSON.stringify of the items' json. A signed link is ~300 characters.
		const toModel = JSON.stringify(result.items.map((item) => item.json));
		expect(toModel.length).toBeLessThan(2 * 1000);
		expect(toModel).not.toMatch(/[A-Za-z0-9+/]{200,}/);
		// The binary stays with the item, stored where the link points.
		expect(result.items[0].binary!.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
	});

	it('gives the link even when Image Links is off, and cuts long texts', async () => {
		const longPrompt = `a lighthouse ${'and waves '.repeat(100)}`;
		const result = await run({
			parameters: generate({ imageLinks: false }, longPrompt),
			asTool: true,
		});
		const json = result.items[0].json;
		expect(json.imageLink).toEqual(expect.stringContaining('/rest/binary-data/signed?token='));
		const alt = /^!\[([^\]]*)\]/.exec(json.markdown as string)![1];
		expect(alt.length).toBeLessThanOrEqual(80);
		expect(JSON.stringify(json).length).toBeLessThan(1100);
	});

	it('in memory binary mode, tells the agent why there is no link and still succeeds', async () => {
		const result = await run({ parameters: generate(), asTool: true, binaryMode: 'default' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.imageLinkUnavailable).toBe(NO_LINK_IN_MEMORY_MODE);
		expect(result.items[0].json.markdown).toBeUndefined();
	});

	it('the tool variant tells the model it returns a link to show as a markdown image', () => {
		const node = loadDGridNode();
		const description =
			'nodeVersions' in node
				? node.nodeVersions[node.currentVersion].description
				: node.description;
		const usable = description.usableAsTool;
		expect(typeof usable === 'object' && usable.replacements?.description).toMatch(
			/link.*markdown/s,
		);
	});
});

describe('token usage', () => {
	it('is normalized on the first item of each request, so a sum over items counts each request once', async () => {
		const result = await run({ parameters: generate({ n: 2 }), inputCount: 2 });
		expect(result.items).toHaveLength(4);
		const usages = result.items.map((item) => item.json.tokenUsage as IDataObject | undefined);
		expect(usages.map(Boolean)).toEqual([true, false, true, false]);
		const raw = result.items[0].json.usage as IDataObject;
		expect(usages[0]).toEqual({
			inputTokens: raw.input_tokens,
			outputTokens: raw.output_tokens,
			totalTokens: raw.total_tokens,
			promptTokens: raw.input_tokens,
			completionTokens: raw.output_tokens,
		});
		// n8n 2.x's record of the node's tokens: the sum over both requests.
		const metadata = result.runData[result.nodeName][0].metadata as { tokenUsage?: IDataObject };
		const sum = (key: string) =>
			usages.reduce((total, usage) => total + ((usage?.[key] as number) ?? 0), 0);
		expect(metadata.tokenUsage).toEqual({
			inputTokens: sum('inputTokens'),
			outputTokens: sum('outputTokens'),
		});
	});

	it("reads Gemini's usageMetadata and chat's usage the same way", async () => {
		const gemini = await run({
			parameters: {
				operation: 'geminiGenerateContent',
				model: modelId('gemini-2.5-flash-image'),
				prompt: 'a cat',
			},
		});
		const metadata = gemini.items[0].json.usageMetadata as IDataObject;
		expect(gemini.items[0].json.tokenUsage).toMatchObject({
			inputTokens: metadata.promptTokenCount,
			totalTokens: metadata.totalTokenCount,
		});
		const chat = await run({
			parameters: { operation: 'chat', model: modelId('gemini-2.5-flash-image'), prompt: 'a cat' },
		});
		const usage = chat.items[0].json.usage as IDataObject;
		expect(chat.items[0].json.tokenUsage).toMatchObject({
			inputTokens: usage.prompt_tokens,
			outputTokens: usage.completion_tokens,
			totalTokens: usage.total_tokens,
		});
	});

	it('is absent where DGrid reports none (Qwen bills per image)', async () => {
		const result = await run({
			parameters: { operation: 'qwenGenerate', model: modelId('qwen-image'), prompt: 'a cat' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.tokenUsage).toBeUndefined();
		expect(result.runData[result.nodeName][0].metadata?.tokenUsage).toBeUndefined();
	});
});

describe('Chat with a model that answers with text only', () => {
	it('names the image-capable ids and points to Gemini Generate Content', async () => {
		const result = await run({
			parameters: { operation: 'chat', model: modelId('gemini-2.5-flash'), prompt: 'a cat' },
		});
		expect(result.error?.message).toBe(
			'Chat failed for item 0: gemini-2.5-flash answers Chat with text only, never an image',
		);
		expect(result.error?.description).toContain(
			'gemini-2.5-flash-image, gemini-3-pro-image-preview',
		);
		expect(result.error?.description).toContain('Gemini Generate Content');
		expect(result.error?.description).toContain('This is a text-only reply from gemini-2.5-flash.');
	});

	it('with Accept Text-Only Answers, gives the text as before', async () => {
		const result = await run({
			parameters: {
				operation: 'chat',
				model: modelId('gemini-2.5-flash'),
				prompt: 'a cat',
				options: { acceptTextOnly: true },
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.text).toBe('This is a text-only reply from gemini-2.5-flash.');
	});
});
