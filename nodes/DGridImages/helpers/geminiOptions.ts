import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ImageCandidate, OperationResult } from '../actions/operation';
import { isRecord } from './jsonShapes';
import type { Fail } from './operationFail';

/**
 * Option values that Gemini Generate Content and Chat cannot send as they are. Thrown by the
 * pure request builders (they have no node context); the operation turns it into an item error
 * that names the option.
 */
export class GeminiOptionError extends Error {
	constructor(
		readonly optionName: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
	}
}

/** Runs a request builder, turning a GeminiOptionError into an error that names the item. */
export function buildWithOptionChecks<T>(node: INode, itemIndex: number, fail: Fail, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw error instanceof GeminiOptionError
			? fail(error.message, error.description)
			: new NodeOperationError(node, error as Error, { itemIndex });
	}
}

/** JSON.parse without throwing: the callers report bad JSON in their own words. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}

/** The escape hatch for request fields the node has no option for (new model features…). */
export const additionalBodyFieldsProperty: INodeProperties = {
	displayName: 'Additional Body Fields',
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'A JSON object merged into the request body last, for fields this node has no option for. Nested objects are merged key by key; other values replace what the node set.',
};

function describeJsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/**
 * The "Additional Body Fields" value as an object: n8n hands a json parameter over as text,
 * or as an object when an expression produced one. Empty means nothing to merge.
 */
export function parseAdditionalBodyFields(value: unknown): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const result = parseJsonText(value);
		if (!result.ok) {
			throw new GeminiOptionError(
				'Additional Body Fields',
				'the option "Additional Body Fields" is not valid JSON',
				`${result.reason}. Write a JSON object, e.g. {"generationConfig": {"topP": 0.9}}.`,
			);
		}
		parsed = result.value;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new GeminiOptionError(
			'Additional Body Fields',
			'the option "Additional Body Fields" is not a JSON object',
			`It holds ${describeJsonType(parsed)}; it must be an object like {"generationConfig": {"topP": 0.9}}.`,
		);
	}
	return Object.keys(parsed).length > 0 ? (parsed as IDataObject) : undefined;
}

// Keys that would reach Object.prototype instead of the body.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The finished body: "Additional Body Fields" merged in last, so they can add or override anything. */
export function withAdditionalBodyFields(body: IDataObject, options: IDataObject): IDataObject {
	const extra = parseAdditionalBodyFields(options.additionalBodyFields);
	return extra ? mergeDeep(body, extra) : body;
}

/** Merges `extra` into `body` in place: objects key by key, anything else replaces. */
export function mergeDeep(body: IDataObject, extra: IDataObject): IDataObject {
	for (const [key, value] of Object.entries(extra)) {
		if (UNSAFE_KEYS.has(key)) continue;
		const current = body[key];
		if (isRecord(current) && isRecord(value)) {
			mergeDeep(current, value);
		} else {
			body[key] = isRecord(value) ? mergeDeep({}, value) : (value as IDataObject[keyof IDataObject]);
		}
	}
	return body;
}

/**
 * "Accept Text-Only Answers", the same switch in both operations: a text answer without an
 * image becomes a json-only item instead of an error. Blocked answers fail regardless.
 */
export function acceptTextOnlyProperty(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Accept Text-Only Answers',
		name: 'acceptTextOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether an answer with text but no image gives an item with just the text in JSON instead of failing. Blocked or refused answers always fail.',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** Whether an answer without images becomes a json-only item (see acceptTextOnlyProperty). */
export const acceptsAsTextOnly = (accepted: boolean, answer: { text: string; blocked: boolean }) =>
	accepted && answer.text !== '' && !answer.blocked;

/** What the Chat and Gemini Generate Content readers give: images, or text and the reason why not. */
export interface ImageAnswer {
	images: ImageCandidate[];
	json: IDataObject;
	text: string;
	blocked: boolean;
	noImageReason: string;
}

/** An answer as the operation's result: the prompt first in json, text-only answers as accepted. */
export function imageAnswerResult(prompt: string, answer: ImageAnswer, acceptTextOnly: boolean): OperationResult {
	return {
		images: answer.images,
		json: { prompt, ...answer.json },
		noImageReason: answer.noImageReason,
		allowNoImage: acceptsAsTextOnly(acceptTextOnly, answer),
	};
}
