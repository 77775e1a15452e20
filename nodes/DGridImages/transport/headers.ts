import type { IDataObject } from 'n8n-workflow';

/** The body's length in bytes from a Content-Length header, when it states one. */
export function contentLengthOf(
	headers: IDataObject | Record<string, unknown> | undefined,
): number | undefined {
	const value = headers?.['content-length'];
	const length =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*\d+\s*$/.test(value)
				? Number(value)
				: NaN;
	return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
