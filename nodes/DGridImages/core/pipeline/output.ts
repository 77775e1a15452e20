import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { agentImageJson } from './agentTool';
import { decodeDataUrl } from '../images/dataUrl';
import type { ImageLink } from './imageLinks';
import { linkJson, linkToImage } from './imageLinks';
import { freeStoredImages } from './imageMemory';
import type { ImageInfo } from '../images/imageFormat';
import { inspectImage, looksComplete } from '../images/imageFormat';
import type { ImageCandidate, OperationResult } from '../operation';
import type { Fail } from '../request/itemErrors';
import type { OutputSettings } from './settings';
import type { TokenUsage } from './tokenUsage';
import { tokenUsageJson } from './tokenUsage';
import { describeUrlHost, downloadUrl } from '../../transport/download';
import type { RequestSettings } from '../../transport/request';
import { formatBytes } from '../../shared/text';

export interface OutputContext {
	itemIndex: number;
	operationName: string;
	/** The item's error maker, from the router. */
	fail: Fail;
	model: string;
	requestSettings: RequestSettings;
	output: OutputSettings;
	/** The request's tokens, carried by its first item so that sums over items count them once. */
	tokenUsage?: TokenUsage;
	/** The node runs as an AI Agent's tool: compact json with links, see agentTool.ts. */
	forAgent: boolean;
}

interface ReadyImage {
	candidate: ImageCandidate;
	/** The bytes handed to n8n; freed once every image of the item is stored. */
	data?: Buffer;
	binary?: IBinaryData;
	info?: ImageInfo;
	size?: number;
	link?: ImageLink;
}

/** "A red fox in snow, watercolor" → "a-red-fox-in-snow" — file names people recognise. */
function slugFromPrompt(prompt: unknown): string | undefined {
	if (typeof prompt !== 'string') return undefined;
	const slug = prompt
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.split(' ')
		.slice(0, 6)
		.join('-');
	return slug || undefined;
}

function fileNameFor(
	context: OutputContext,
	result: OperationResult,
	index: number,
	extension: string,
) {
	const stem = slugFromPrompt(result.json.prompt) ?? context.model.split('/').pop() ?? 'image';
	return `${stem}-${context.itemIndex + 1}-${index + 1}.${extension}`;
}

async function bytesOf(
	this: IExecuteFunctions,
	candidate: ImageCandidate,
	index: number,
	context: OutputContext,
): Promise<Buffer | undefined> {
	if (candidate.data) return candidate.data;
	if (candidate.url && context.output.downloadImages) {
		const inline = decodeDataUrl(candidate.url);
		if (inline) return inline.data;
		return (
			await downloadUrl.call(this, candidate.url, {
				itemIndex: context.itemIndex,
				operationName: context.operationName,
				settings: context.requestSettings,
				isResult: true,
			})
		).data;
	}
	if (candidate.url) return undefined;
	throw context.fail(`image ${index + 1} of DGrid's answer has neither data nor a URL`);
}

/** Bytes → checked binary data; the MIME type and extension come from the bytes. */
async function prepareImage(
	this: IExecuteFunctions,
	candidate: ImageCandidate,
	index: number,
	result: OperationResult,
	context: OutputContext,
): Promise<ReadyImage> {
	const data = await bytesOf.call(this, candidate, index, context);
	if (!data) return { candidate };
	const where =
		candidate.url && !candidate.url.startsWith('data:')
			? ` (downloaded from ${describeUrlHost(candidate.url)})`
			: '';
	const info = inspectImage(data);
	const fail = (problem: string, description: string) =>
		context.fail(`image ${index + 1} from DGrid${where} ${problem}`, description);
	if (!info) {
		const start = data
			.subarray(0, 16)
			.toString('latin1')
			.replace(/[^\x20-\x7e]/g, '.');
		throw fail('is not an image', `Received ${data.length} bytes starting with "${start}".`);
	}
	if (!looksComplete(data, info)) {
		throw fail(
			'is cut off',
			`The ${info.label} data ends early (${data.length} bytes): the answer was truncated.`,
		);
	}
	const fileName = fileNameFor(context, result, index, info.extension);
	const binary = await this.helpers.prepareBinaryData(data, fileName, info.mimeType);
	return { candidate, data, binary, info, size: data.length };
}

function imageJson(image: ReadyImage): IDataObject {
	const { candidate, info } = image;
	const json: IDataObject = { ...candidate.json };
	if (info) {
		Object.assign(json, {
			mimeType: info.mimeType,
			fileExtension: info.extension,
			fileSize: image.size,
			...(info.width !== undefined ? { width: info.width, height: info.height } : {}),
		});
	}
	if (candidate.declaredMimeType && info && candidate.declaredMimeType !== info.mimeType) {
		json.declaredMimeType = candidate.declaredMimeType;
	}
	if (candidate.url && !candidate.url.startsWith('data:')) json.url = candidate.url;
	if (image.link) Object.assign(json, linkJson(image.link));
	return json;
}

/** "PNG 1024x1024" (with the size: ", 1.2 MB"), or the URL of an image that was not downloaded. */
function describeImage({ info, size, candidate }: ReadyImage, withSize = false): string {
	if (!info) return `URL ${candidate.url}`;
	const bytes = withSize && size ? `, ${formatBytes(size)}` : '';
	return `${info.label}${info.width ? ` ${info.width}x${info.height}` : ''}${bytes}`;
}

function summarize(context: OutputContext, images: ReadyImage[]): string {
	const count = images.length === 1 ? '1 image' : `${images.length} images`;
	return `${context.operationName} with ${context.model}: ${count} (${images.map((image) => describeImage(image)).join(', ')})`;
}

/**
 * A link to each stored image when asked for: n8n's signed URL of the binary, or the image's
 * own URL when it was not downloaded.
 */
function addLinks(this: IExecuteFunctions, images: ReadyImage[], context: OutputContext): void {
	const settings = context.output.links;
	if (!settings.enabled && !context.forAgent) return;
	for (const image of images) {
		const { url } = image.candidate;
		image.link = image.binary
			? linkToImage.call(this, image.binary, settings)
			: url && !url.startsWith('data:')
				? { url }
				: undefined;
	}
}

/** The tool result: per image, a link and what was made; nothing the agent cannot read. */
function agentItems(
	result: OperationResult,
	context: OutputContext,
	images: ReadyImage[],
): INodeExecutionData[] {
	const of =
		images.length > 1 ? (index: number) => ` (image ${index + 1} of ${images.length})` : () => '';
	return images.map((image, index) => ({
		json: {
			...agentImageJson({
				made: `${context.operationName} with ${context.model}: ${describeImage(image, true)}${of(index)}`,
				link: image.link,
				prompt: result.json.prompt,
				revisedPrompt: image.candidate.json?.revisedPrompt,
				text: result.json.text,
			}),
			...(index === 0 ? usageJson(context) : {}),
		},
		...(image.binary ? { binary: { [context.output.binaryPropertyName]: image.binary } } : {}),
		pairedItem: { item: context.itemIndex },
	}));
}

const usageJson = (context: OutputContext): IDataObject =>
	context.tokenUsage ? { tokenUsage: tokenUsageJson(context.tokenUsage) } : {};

const fieldName = (base: string, index: number) => (index === 0 ? base : `${base}_${index}`);

/** An answer the user accepted without an image: its json alone. */
function textOnlyItem(result: OperationResult, context: OutputContext): INodeExecutionData {
	const summary = `${context.operationName} with ${context.model}: no image, text only`;
	const json: IDataObject = context.forAgent
		? agentImageJson({ made: summary, text: result.json.text })
		: { model: context.model, ...result.json, imageCount: 0, summary };
	return { json: { ...json, ...usageJson(context) }, pairedItem: { item: context.itemIndex } };
}

/**
 * The one output path of all operations: images of an answer → n8n items with binary data,
 * metadata in json, and pairedItem pointing at the input item.
 */
export async function buildOutputItems(
	this: IExecuteFunctions,
	result: OperationResult,
	context: OutputContext,
): Promise<INodeExecutionData[]> {
	const pairedItem = { item: context.itemIndex };
	if (result.images.length === 0) {
		if (result.allowNoImage) return [textOnlyItem(result, context)];
		throw context.fail(
			"DGrid's answer contains no image",
			result.noImageReason ?? 'The model answered without an image.',
		);
	}
	const ready: ReadyImage[] = [];
	for (let index = 0; index < result.images.length; index++) {
		ready.push(await prepareImage.call(this, result.images[index], index, result, context));
	}
	freeStoredImages(ready.map((image) => image.data));
	addLinks.call(this, ready, context);
	if (context.forAgent) return agentItems(result, context, ready);
	const baseJson: IDataObject = { model: context.model, ...result.json };
	const { binaryPropertyName, outputMode } = context.output;
	const imageCount = ready.length;
	if (outputMode === 'oneItem') {
		const binary: Record<string, IBinaryData> = {};
		ready.forEach((image, index) => {
			if (image.binary) binary[fieldName(binaryPropertyName, index)] = image.binary;
		});
		return [
			{
				json: {
					...baseJson,
					imageCount,
					summary: summarize(context, ready),
					images: ready.map(imageJson),
					...usageJson(context),
				},
				...(Object.keys(binary).length > 0 ? { binary } : {}),
				pairedItem,
			},
		];
	}
	return ready.map((image, index) => ({
		json: {
			...baseJson,
			...imageJson(image),
			imageIndex: index,
			imageCount,
			summary: summarize(context, [image]),
			...(index === 0 ? usageJson(context) : {}),
		},
		...(image.binary ? { binary: { [binaryPropertyName]: image.binary } } : {}),
		pairedItem,
	}));
}
