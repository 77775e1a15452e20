import type { IDataObject } from 'n8n-workflow';

import { isDecoded } from './decoded';

/** JSON.parse without throwing: the callers report bad JSON in their own words. */
export function parseJsonText(
	text: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}

// Keys that would reach Object.prototype instead of the body.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Merges `extra` into `body` in place: objects key by key, anything else replaces. */
export function mergeDeep(body: IDataObject, extra: IDataObject): IDataObject {
	for (const [key, value] of Object.entries(extra)) {
		if (UNSAFE_KEYS.has(key)) continue;
		const current = body[key];
		if (isRecord(current) && isRecord(value)) {
			mergeDeep(current, value);
		} else {
			body[key] = isRecord(value)
				? mergeDeep({}, value)
				: (value as IDataObject[keyof IDataObject]);
		}
	}
	return body;
}

/**
 * Shape guards for reading JSON nobody vouches for (DGrid's answers, upstream metadata, user
 * JSON): each one says whether a value has the shape a reader wants, or gives an empty
 * stand-in, so readers never throw on an unexpected body.
 */

export type Dict = Record<string, unknown>;

/** A JSON object: not null, not an array, not a string the streaming reader decoded. */
export const isRecord = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) && !isDecoded(value);

/** A string with something besides white space in it. */
export const isText = (value: unknown): value is string =>
	typeof value === 'string' && value.trim() !== '';

export const asDict = (value: unknown): Dict | undefined => (isRecord(value) ? value : undefined);

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const asText = (value: unknown): string | undefined => (isText(value) ? value : undefined);

/**
 * A short label for a value meant to be a string or number (an enum from the API). `String()`
 * is not safe on arbitrary JSON: an object whose `toString` is not a function throws.
 */
export const asLabel = (value: unknown): string => {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return String(value);
	if (value === undefined || value === null) return 'unknown';
	try {
		return JSON.stringify(value).slice(0, 80);
	} catch {
		return 'unknown';
	}
};
