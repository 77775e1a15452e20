import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { decodeDataUrl } from './dataUrl';
import { freeStoredImages } from './imageMemory';
import type { ImageInfo } from './imageFormat';
import { inspectImage, looksComplete } from './imageFormat';
import type { ImageCandidate, OperationResult } from './operation';
import type { OutputSettings } from './settings';
import { describeUrlHost, downloadUrl } from '../transport/download';
import { dgridOperationError } from '../transport/errors';
import type { RequestSettings } from '../transport/request';

export interface OutputContext {
	itemIndex: number;
	operationName: string;
	model: string;
	requestSettings: RequestSettings;
	output: OutputSettings;
}

interface ReadyImage {
	candidate: ImageCandidate;
	/** The bytes handed to n8n; freed once every image of the item is stored. */
	data?: Buffer;
	binary?: IBinaryData;
	info?: ImageInfo;
	size?: number;
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

function fileNameFor(context: OutputContext, result: OperationResult, index: number, extension: string) {
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
		return (await downloadUrl.call(this, candidate.url, {
			itemIndex: context.itemIndex,
			operationName: context.operationName,
			settings: context.requestSettings,
			isResult: true,
		})).data;
	}
	if (candidate.url) return undefined;
	throw dgridOperationError(
		this.getNode(),
		context.itemIndex,
		`${context.operationName} failed for item ${context.itemIndex}: image ${index + 1} of DGrid's answer has neither data nor a URL`,
	);
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
	const where = candidate.url && !candidate.url.startsWith('data:')
		? ` (downloaded from ${describeUrlHost(candidate.url)})`
		: '';
	const info = inspectImage(data);
	const fail = (problem: string, description: string) =>
		dgridOperationError(
			this.getNode(),
			context.itemIndex,
			`${context.operationName} failed for item ${context.itemIndex}: image ${index + 1} from DGrid${where} ${problem}`,
			description,
		);
	if (!info) {
		const start = data.subarray(0, 16).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
		throw fail('is not an image', `Received ${data.length} bytes starting with "${start}".`);
	}
	if (!looksComplete(data, info)) {
		throw fail('is cut off', `The ${info.label} data ends early (${data.length} bytes): the answer was truncated.`);
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
	return json;
}

function summarize(context: OutputContext, images: ReadyImage[]): string {
	const described = images.map(({ info, candidate }) =>
		info ? `${info.label}${info.width ? ` ${info.width}x${info.height}` : ''}` : `URL ${candidate.url}`,
	);
	const count = images.length === 1 ? '1 image' : `${images.length} images`;
	return `${context.operationName} with ${context.model}: ${count} (${described.join(', ')})`;
}

const fieldName = (base: string, index: number) => (index === 0 ? base : `${base}_${index}`);

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
	const baseJson: IDataObject = { model: context.model, ...result.json };
	if (result.images.length === 0) {
		if (result.allowNoImage) {
			return [{ json: { ...baseJson, imageCount: 0, summary: `${context.operationName} with ${context.model}: no image, text only` }, pairedItem }];
		}
		throw dgridOperationError(
			this.getNode(),
			context.itemIndex,
			`${context.operationName} failed for item ${context.itemIndex}: DGrid's answer contains no image`,
			result.noImageReason ?? 'The model answered without an image.',
		);
	}
	const ready: ReadyImage[] = [];
	for (let index = 0; index < result.images.length; index++) {
		ready.push(await prepareImage.call(this, result.images[index], index, result, context));
	}
	freeStoredImages(ready.map((image) => image.data));
	const { binaryPropertyName, outputMode } = context.output;
	const imageCount = ready.length;
	if (outputMode === 'oneItem') {
		const binary: Record<string, IBinaryData> = {};
		ready.forEach((image, index) => {
			if (image.binary) binary[fieldName(binaryPropertyName, index)] = image.binary;
		});
		return [
			{
				json: { ...baseJson, imageCount, summary: summarize(context, ready), images: ready.map(imageJson) },
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
		},
		...(image.binary ? { binary: { [binaryPropertyName]: image.binary } } : {}),
		pairedItem,
	}));
}
