import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { mergeDeep, parseJsonText } from '../../shared/json';
import { OptionValueError } from './itemErrors';

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
			throw new OptionValueError(
				'Additional Body Fields',
				'the option "Additional Body Fields" is not valid JSON',
				`${result.reason}. Write a JSON object, e.g. {"generationConfig": {"topP": 0.9}}.`,
			);
		}
		parsed = result.value;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new OptionValueError(
			'Additional Body Fields',
			'the option "Additional Body Fields" is not a JSON object',
			`It holds ${describeJsonType(parsed)}; it must be an object like {"generationConfig": {"topP": 0.9}}.`,
		);
	}
	return Object.keys(parsed).length > 0 ? (parsed as IDataObject) : undefined;
}

/** The finished body: "Additional Body Fields" merged in last, so they can add or override anything. */
export function withAdditionalBodyFields(body: IDataObject, options: IDataObject): IDataObject {
	const extra = parseAdditionalBodyFields(options.additionalBodyFields);
	return extra ? mergeDeep(body, extra) : body;
}
