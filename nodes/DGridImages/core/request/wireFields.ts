import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { MultipartPart } from '../../transport/multipart';

/**
 * One declaration per request option: the n8n parameter the user sees and the place its
 * value takes in DGrid's request. Descriptions and body builders both read these, so an
 * option cannot exist in the UI without reaching the wire (n8n's own OpenAI Edit shipped
 * such an option) or reach the wire without being in the UI.
 */
export interface WireField {
	property: INodeProperties;
	/** Key in the request body; dots nest objects ("parameters.size"). Same key in multipart. */
	wireName: string;
	/** Converts the parameter value to what DGrid expects. Returning undefined skips it. */
	toWire?: (value: unknown, model: string) => unknown;
	/** The models this field applies to; for any other model it is not sent. */
	appliesTo?: (model: string) => boolean;
}

export interface WireValue {
	wireName: string;
	value: unknown;
}

const isUnset = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The wire values of the fields that are set and apply to `model`, in declaration order. */
export function resolveWireFields(
	fields: WireField[],
	values: IDataObject,
	model: string,
): WireValue[] {
	const resolved: WireValue[] = [];
	for (const field of fields) {
		const raw = values[field.property.name];
		if (isUnset(raw)) continue;
		if (field.appliesTo && !field.appliesTo(model)) continue;
		const value = field.toWire ? field.toWire(raw, model) : raw;
		if (isUnset(value)) continue;
		resolved.push({ wireName: field.wireName, value });
	}
	return resolved;
}

/** Writes resolved values into a JSON body, creating nested objects for dotted names. */
export function writeJsonBody(body: IDataObject, values: WireValue[]): IDataObject {
	for (const { wireName, value } of values) {
		const path = wireName.split('.');
		let target = body;
		for (const key of path.slice(0, -1)) {
			const next = target[key];
			if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
			target = target[key] as IDataObject;
		}
		target[path[path.length - 1]] = value as IDataObject[keyof IDataObject];
	}
	return body;
}

/** The n8n properties of a field list, for an operation's description. */
export const propertiesOf = (fields: WireField[]): INodeProperties[] =>
	fields.map((field) => field.property);

/** Multipart text fields carry every value as a string. */
export function wireValuesToParts(values: WireValue[]): MultipartPart[] {
	return values.map(({ wireName, value }) => ({
		name: wireName,
		value: typeof value === 'string' ? value : JSON.stringify(value),
	}));
}
