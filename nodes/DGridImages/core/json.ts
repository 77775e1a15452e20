import type { IDataObject } from 'n8n-workflow';

import { isRecord } from './jsonShapes';

/** JSON.parse without throwing: the callers report bad JSON in their own words. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
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
			body[key] = isRecord(value) ? mergeDeep({}, value) : (value as IDataObject[keyof IDataObject]);
		}
	}
	return body;
}
