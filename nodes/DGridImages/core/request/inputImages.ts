import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputImageProperties } from '../description/sharedProperties';
import { decodeDataUrl, toDataUrl } from '../images/dataUrl';
import type { ImageInfo } from '../images/imageFormat';
import { inspectImage } from '../images/imageFormat';
import { describeUrlHost, downloadUrl } from '../../transport/download';
import type { MultipartPart } from '../../transport/multipart';
import type { RequestSettings } from '../../transport/request';
import type { Fail } from './itemErrors';
import { formatBytes } from '../../shared/text';

/** An input image, read and checked before anything is sent to DGrid. */
export interface InputImage {
	data: Buffer;
	info: ImageInfo;
	fileName: string;
	/** Names the image in messages: `binary field "data"` or the URL's host. */
	origin: string;
}

export interface InputImageLimits {
	maxImages?: number;
	maxBytes?: number;
}

/** The item whose images are read (OperationContext is one). */
export interface InputImageContext {
	itemIndex: number;
	operationName: string;
	fail: Fail;
}

/** "data, data_1" → ["data", "data_1"] */
export function parseFieldList(text: string): string[] {
	return text
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/**
 * Image URLs separated by new lines or commas. A data: URL has a comma of its own, so a comma
 * only separates when the next entry starts a new URL.
 */
export function parseUrlList(text: string): string[] {
	return text
		.split(/\s*[\r\n]+\s*|\s*,\s*(?=(?:https?:\/\/|data:))/i)
		.map((url) => url.trim())
		.filter((url) => url !== '');
}

export function checkImageCount(
	count: number,
	limits: InputImageLimits,
	{ fail }: InputImageContext,
): void {
	if (count === 0) throw fail('no input image given');
	if (limits.maxImages !== undefined && count > limits.maxImages) {
		throw fail(`${count} input images given, at most ${limits.maxImages} allowed for this model`);
	}
}

/** Reads the image bytes of the named binary fields of one item, checking each. */
export async function readBinaryImages(
	this: IExecuteFunctions,
	fieldNames: string[],
	limits: InputImageLimits,
	context: InputImageContext,
): Promise<InputImage[]> {
	const { itemIndex, fail } = context;
	checkImageCount(fieldNames.length, limits, context);
	const available = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
	const images: InputImage[] = [];
	for (const field of fieldNames) {
		const origin = `binary field "${field}"`;
		if (!available.includes(field)) {
			throw fail(
				`the item has no ${origin}`,
				available.length > 0
					? `Binary fields on this item: ${available.join(', ')}. Set "Input Binary Fields" to one of them.`
					: 'The item has no binary data at all. Add a node before this one that reads or downloads the image.',
			);
		}
		const binary = this.helpers.assertBinaryData(itemIndex, field);
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, field);
		images.push(checkImage(data, binary.fileName ?? `${field}`, origin, limits, context));
	}
	return images;
}

/** Checks that bytes are a supported image within the size limit; names the origin if not. */
export function checkImage(
	data: Buffer,
	fileName: string,
	origin: string,
	limits: InputImageLimits,
	context: InputImageContext,
): InputImage {
	const { fail } = context;
	const info = inspectImage(data);
	if (!info) {
		throw fail(
			`${origin} is not an image`,
			`"${fileName}" (${formatBytes(data.length)}) is not a PNG, JPEG, WebP, GIF or other known image format.`,
		);
	}
	if (limits.maxBytes !== undefined && data.length > limits.maxBytes) {
		throw fail(
			`${origin} is too large (${formatBytes(data.length)})`,
			`This model accepts input images up to ${formatBytes(limits.maxBytes)}.`,
		);
	}
	const extensionless = fileName.replace(/\.[^.]*$/, '') || 'image';
	return { data, info, fileName: `${extensionless}.${info.extension}`, origin };
}

/** Input images as multipart file parts: `image` for one file, `image[]` for several (OpenAI's form). */
export function imageFileParts(images: InputImage[]): MultipartPart[] {
	const name = images.length === 1 ? 'image' : 'image[]';
	return images.map((image) => ({
		name,
		data: image.data,
		fileName: image.fileName,
		contentType: image.info.mimeType,
	}));
}

/** An input image as a data: URL, the way JSON request bodies carry input files. */
export const inputImageDataUrl = (image: InputImage) => toDataUrl(image.data, image.info.mimeType);

export type InputImageSet =
	| { kind: 'files'; images: InputImage[] }
	| { kind: 'urls'; urls: string[] };

/**
 * Reads the "Input Images From" parameters of one item. URLs are passed on as URLs when the
 * API takes them (`passUrlsThrough`), otherwise downloaded and checked like binary files.
 */
export async function readInputImageParameters(
	this: IExecuteFunctions,
	context: InputImageContext & { settings: RequestSettings },
	limits: InputImageLimits,
	{ passUrlsThrough }: { passUrlsThrough: boolean },
): Promise<InputImageSet> {
	const { itemIndex } = context;
	const source = this.getNodeParameter('imageSource', itemIndex, 'binary') as string;
	if (source === 'binary') {
		const fields = parseFieldList(
			this.getNodeParameter('binaryPropertyNames', itemIndex, 'data') as string,
		);
		return { kind: 'files', images: await readBinaryImages.call(this, fields, limits, context) };
	}
	const urls = parseUrlList(this.getNodeParameter('imageUrls', itemIndex, '') as string);
	checkImageCount(urls.length, limits, context);
	for (const url of urls) {
		if (!/^(https?:\/\/|data:image\/)/i.test(url)) {
			throw context.fail(
				`"${url.slice(0, 80)}" is not an image URL`,
				'Image URLs must start with https://, http:// or data:image/.',
			);
		}
	}
	if (passUrlsThrough) return { kind: 'urls', urls };
	const images: InputImage[] = [];
	for (const url of urls) {
		const data = decodeDataUrl(url)?.data ?? (await downloadUrl.call(this, url, context)).data;
		const fileName = url.startsWith('data:')
			? 'image'
			: (new URL(url).pathname.split('/').pop() ?? 'image');
		images.push(
			checkImage(data, fileName, `the image at ${describeUrlHost(url)}`, limits, context),
		);
	}
	return { kind: 'files', images };
}

/**
 * Gemini Generate Content and Chat create images from text alone or change input images, so
 * their input images are optional: a switch shows the shared input-image parameters.
 */
export const optionalInputImageProperties: INodeProperties[] = [
	{
		displayName: 'Send Input Images',
		name: 'includeInputImages',
		type: 'boolean',
		default: false,
		description:
			'Whether to send images with the prompt, to edit them, combine them or use them as a reference',
	},
	...inputImageProperties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, includeInputImages: [true] },
		},
	})),
];

/** The item's input images, or undefined when "Send Input Images" is off. */
export async function readOptionalInputImages(
	this: IExecuteFunctions,
	context: InputImageContext & { settings: RequestSettings },
	limits: InputImageLimits,
	{ passUrlsThrough }: { passUrlsThrough: boolean },
): Promise<InputImageSet | undefined> {
	if (!(this.getNodeParameter('includeInputImages', context.itemIndex, false) as boolean))
		return undefined;
	return await readInputImageParameters.call(this, context, limits, { passUrlsThrough });
}
