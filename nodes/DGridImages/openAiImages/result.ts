import type { IDataObject } from 'n8n-workflow';

import type { OpenAiImageRequestValues } from './request';
import type { ImageDataAnswer } from '../core/answer/imageDataReader';
import type { OperationResult } from '../core/operation';

/**
 * The answers of one item (one, or several when a model makes one image per request) as
 * the operation's result: the images in order, and beside them what DGrid said plus what
 * the node did with the options (ignored ones, an aspect ratio turned into a size).
 */
export function openAiImagesResult(
	readings: ImageDataAnswer[],
	prompt: string,
	request: OpenAiImageRequestValues,
): OperationResult {
	const [first] = readings;
	const json: IDataObject = { prompt, ...first.json };
	if (readings.length > 1) json.requestCount = readings.length;
	if (request.sizeNote) json.sizeNote = request.sizeNote;
	if (request.ignoredOptions.length > 0) json.ignoredOptions = request.ignoredOptions;
	const images = readings.flatMap((reading) => reading.images);
	const noImageReason = readings.map((reading) => reading.noImageReason).find((reason) => reason);
	return { images, json, ...(images.length === 0 && noImageReason ? { noImageReason } : {}) };
}
