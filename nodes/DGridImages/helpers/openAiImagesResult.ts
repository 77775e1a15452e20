import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OperationResult } from '../actions/operation';
import { dgridOperationError } from '../transport/errors';
import type { ImageDataReading } from './imageDataReader';
import type { OpenAiImageRequestValues } from './openAiImagesRequest';
import type { Fail } from './openAiImagesSize';

/** Pre-flight problems as item errors: "Generate failed for item 2: …". */
export function operationFail(this: IExecuteFunctions, itemIndex: number, operationName: string): Fail {
	return (problem, description) =>
		dgridOperationError(this.getNode(), itemIndex, `${operationName} failed for item ${itemIndex}: ${problem}`, description);
}

/**
 * The answers of one item (one, or several when a model makes one image per request) as
 * the operation's result: the images in order, and beside them what DGrid said plus what
 * the node did with the options (ignored ones, an aspect ratio turned into a size).
 */
export function openAiImagesResult(
	readings: ImageDataReading[],
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
