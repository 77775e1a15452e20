import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ModelChoice } from './description/models';
import type { Fail } from './request/itemErrors';
import type { RequestSettings } from '../transport/request';

/** The `operation` values; saved workflows depend on them. */
export type OperationValue =
	| 'generate'
	| 'edit'
	| 'qwenGenerate'
	| 'qwenEdit'
	| 'geminiGenerateContent'
	| 'chat';

/** One image found in DGrid's answer, before it becomes binary data. */
export interface ImageCandidate {
	/** Bytes carried in the answer itself (b64_json, inlineData, data: URL). */
	data?: Buffer;
	/** Where to download the image when the answer only links to it. */
	url?: string;
	/** The MIME type the answer claimed; never trusted for the binary, kept for json. */
	declaredMimeType?: string;
	/** What the answer said about this one image (revised prompt…). */
	json?: IDataObject;
}

export interface OperationResult {
	images: ImageCandidate[];
	/** What the answer said about the whole request (model, text, usage, finish reason…). */
	json: IDataObject;
	/** Why there is no image (finish reason, block reason, the model's text), for the error. */
	noImageReason?: string;
	/** The user accepted answers without an image: emit the json alone instead of failing. */
	allowNoImage?: boolean;
}

/** One input item as the router hands it to an operation. */
export interface OperationContext {
	itemIndex: number;
	/** "Generate": the operation as the picker names it, in errors and summaries. */
	operationName: string;
	model: string;
	settings: RequestSettings;
	/** The item's Options collection, read once by the router (pipeline/settings.ts readOptions). */
	options: IDataObject;
	/** This item's error: "Generate failed for item 2: <problem>". */
	fail: Fail;
}

/**
 * An operation file exports one of these: its part of the node description and the
 * function that turns one input item into a DGrid call and the images of the answer.
 */
export interface DGridOperation {
	value: OperationValue;
	/** Its Model parameter (the description adds it before the other properties). */
	model: ModelChoice;
	/** Shown only for this operation; the displayOptions are added by the description. */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult>;
}
