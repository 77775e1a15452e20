import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LINK_EXPIRY_MINUTES } from '../pipeline/imageLinks';
import type { ModelChoice } from './models';

/**
 * Parameters every operation shows in the same way. Each operation file places them in its
 * own description; their meaning is read back in one place (pipeline/settings.ts).
 */

/** The parameter name that holds an operation's model in a node of this version. */
export function modelParameterName(choice: ModelChoice, nodeVersion: number): string {
	if (nodeVersion >= 3 && choice.version3Parameter) return choice.version3Parameter;
	return nodeVersion >= 2 ? choice.parameter : LEGACY_MODEL_PARAMETER;
}

const LEGACY_MODEL_PARAMETER = 'model';

/** The model picker: the gateway's image models to choose from (fitting ones first), or any id typed in. */
function modelLocator(
	name: string,
	defaultModel: string,
	mode: 'list' | 'id',
	hint: string,
): INodeProperties {
	return {
		displayName: 'Model',
		name,
		type: 'resourceLocator',
		default: { mode, value: defaultModel },
		required: true,
		description: hint,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: defaultModel,
			},
		],
	};
}

/** The operation's Model parameter in every node version (each shown only for its versions). */
export function modelProperties(choice: ModelChoice): INodeProperties[] {
	const legacy = modelLocator(
		LEGACY_MODEL_PARAMETER,
		choice.legacyDefault ?? choice.default,
		'id',
		choice.hint,
	);
	const current = modelLocator(choice.parameter, choice.default, 'list', choice.hint);
	if (!choice.version3Parameter) {
		return [
			{ ...legacy, displayOptions: { show: { '@version': [1] } } },
			{ ...current, displayOptions: { show: { '@version': [2, 3] } } },
		];
	}
	const own = modelLocator(choice.version3Parameter, choice.default, 'list', choice.hint);
	return [
		{ ...legacy, displayOptions: { show: { '@version': [1] } } },
		{ ...current, displayOptions: { show: { '@version': [2] } } },
		{ ...own, displayOptions: { show: { '@version': [3] } } },
	];
}

export function promptProperty(description: string, placeholder: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder,
		description,
	};
}

/** Where input images come from: binary fields of the incoming item, or URLs. */
export const inputImageProperties: INodeProperties[] = [
	{
		displayName: 'Input Images From',
		name: 'imageSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Fields',
				value: 'binary',
				description: 'Files attached to the incoming item, e.g. from a form, Drive or HTTP Request',
			},
			{
				name: 'URLs',
				value: 'url',
				description: 'Public https:// links or data: URLs',
			},
		],
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: 'data',
		placeholder: 'data, data_1',
		description:
			'Name of the binary field holding the image. Several images: separate the field names with commas.',
		displayOptions: { show: { imageSource: ['binary'] } },
	},
	{
		displayName: 'Image URLs',
		name: 'imageUrls',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'https://example.com/photo.png',
		description: 'One or more image URLs (https:// or data:), separated by new lines or commas',
		displayOptions: { show: { imageSource: ['url'] } },
	},
];

const outputProperties: INodeProperties[] = [
	{
		displayName: 'Put Output Image in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description:
			'Name of the binary field that receives the image. With several images on one item, the next ones get _1, _2… appended.',
	},
	{
		displayName: 'Output Items',
		name: 'outputMode',
		type: 'options',
		default: 'itemPerImage',
		options: [
			{
				name: 'One Item per Image',
				value: 'itemPerImage',
				description: 'Each image becomes its own item, ready for upload nodes',
			},
			{
				name: 'All Images on One Item',
				value: 'oneItem',
				description: 'The images of a request share one item, in fields data, data_1, data_2…',
			},
		],
	},
	{
		displayName: 'Image Links',
		name: 'imageLinks',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a link to each stored image (imageLink in the JSON), for nodes that take a URL. Anyone holding the link can open the image without logging in to n8n until it expires. Needs binary data stored outside memory (N8N_DEFAULT_BINARY_DATA_MODE=filesystem or database). Always on when the node is an AI Agent tool.',
	},
	{
		displayName: 'Image Link Expiry (Minutes)',
		name: 'imageLinkExpiry',
		type: 'number',
		typeOptions: { minValue: 0.1, maxValue: 10080, numberPrecision: 1 },
		default: DEFAULT_LINK_EXPIRY_MINUTES,
		description: 'How long image links work: 1440 is a day, 10080 (the most) a week',
	},
];

const downloadProperty: INodeProperties = {
	displayName: 'Download Image URLs',
	name: 'downloadImages',
	type: 'boolean',
	default: true,
	description:
		'Whether to download images DGrid returns as URLs into binary data. Off: the items only carry the URLs (they expire after a while). The DGrid key is never sent with the download.',
};

const requestProperties: INodeProperties[] = [
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600,
		description:
			'How long to wait for DGrid to start answering, and then for each further piece of the answer (a stalled answer or stream fails after this long without data). Image models take 5 s to 4 min (asynchronous Qwen/Wan models the longest).',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 2,
		description:
			'How often to retry after server errors (5xx), dropped connections or answers cut off before any image data. Rate limits (429) do not count: they are waited out (Retry-After honoured) as long as the Timeout allows. 0 turns every retry off. Failures that repeat on every try (other 4xx, refusals, DGrid codes such as convert_request_failed) are not retried.',
	},
	{
		displayName: 'Parallel Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 64 },
		default: 0,
		description:
			'The most items sent to DGrid at the same time. 0 (automatic): start with 16, grow while DGrid answers cleanly, and on a rate limit (429) pause every request until Retry-After and keep to what the key allows. Output order always matches input order.',
	},
];

/** The shared part of an operation's Options collection. */
export function sharedOptionProperties({ urlResults }: { urlResults: boolean }): INodeProperties[] {
	return [...outputProperties, ...(urlResults ? [downloadProperty] : []), ...requestProperties];
}

/** An operation's Options collection: its own fields first, then the shared ones. */
export function optionsCollection(
	ownOptions: INodeProperties[],
	shared: { urlResults: boolean },
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...ownOptions, ...sharedOptionProperties(shared)],
	};
}
