import type { INodeProperties } from 'n8n-workflow';

// Chat reaches the same Gemini image models, so it shares Gemini's image-config options.
import { imageConfigFields } from '../gemini/imageConfig';
import type { WireField } from '../core/request/wireFields';

/**
 * The options of Chat, each with its n8n parameter and, where it reaches the body as it is,
 * its place in the chat completions body (the messages are built from the others).
 */

export const streamProperty: INodeProperties = {
	displayName: 'Stream',
	name: 'stream',
	type: 'boolean',
	default: false,
	description:
		'Whether to receive the answer as server-sent events. The result is the same; streaming keeps the connection busy during long generations, which some proxies need.',
};

const streamField: WireField = {
	wireName: 'stream',
	toWire: (value) => value === true,
	property: streamProperty,
};

// Without this, OpenAI-style gateways leave usage out of streamed answers.
const streamUsageField: WireField = {
	wireName: 'stream_options',
	toWire: (value) => (value === true ? { include_usage: true } : undefined),
	property: streamProperty,
};

/** Every field that reaches the body besides model and messages, in the order written. */
export const CHAT_FIELDS: WireField[] = [
	streamField,
	streamUsageField,
	...imageConfigFields({
		aspectRatio: 'extra_body.google.image_config.aspect_ratio',
		imageSize: 'extra_body.google.image_config.image_size',
	}),
];

export const systemMessageProperty: INodeProperties = {
	displayName: 'System Message',
	name: 'systemMessage',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'Standing instructions sent first, as a message with the role system',
};

export const priorMessagesProperty: INodeProperties = {
	displayName: 'Prior Messages',
	name: 'priorMessages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Message',
	description: 'Earlier turns of the conversation, sent before the prompt in this order',
	options: [
		{
			displayName: 'Message',
			name: 'messages',
			values: [
				{
					displayName: 'Role',
					name: 'role',
					type: 'options',
					default: 'user',
					options: [
						{ name: 'Assistant', value: 'assistant' },
						{ name: 'User', value: 'user' },
					],
				},
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
				},
			],
		},
	],
};
