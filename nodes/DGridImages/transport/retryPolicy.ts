import type { IDataObject } from 'n8n-workflow';

import type { DGridErrorDetails } from './errors';

/** Longest Retry-After the node will wait for; beyond it the item fails with DGrid's answer. */
export const MAX_RETRY_WAIT_MS = 120_000;

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ECONNABORTED_BY_PEER',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'EAI_AGAIN',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * DGrid's (New API's) codes for failures that come back as HTTP 5xx but repeat on every try:
 * its own input checks (`invalid_request`), no channel for the model (`model_not_found`), a
 * request it cannot translate for the provider (`convert_request_failed`, e.g. a Gemini model
 * on the images route) and answers it cannot use (`bad_response`, `bad_response_body` — the
 * first includes the ~3.5-minute Ali/Wan task wait timing out: another try pays for a new task).
 * New API itself never retries `bad_response_body`.
 */
const PERMANENT_CODES = new Set([
	'invalid_request',
	'model_not_found',
	'convert_request_failed',
	'bad_response',
	'bad_response_body',
]);

/** The code of a 5xx answer that says another try would fail the same way, if it has one. */
export function permanentFailureCode(details?: DGridErrorDetails): string | undefined {
	const code = details?.code?.trim().toLowerCase();
	return code && PERMANENT_CODES.has(code) ? code : undefined;
}

/** Only 429 and 5xx are worth another try — and of those, not DGrid's "this will never work" answers. */
export function isRetryableStatus(status: number, details?: DGridErrorDetails): boolean {
	if (status === 429) return true;
	if (status < 500 || status === 501) return false;
	return permanentFailureCode(details) === undefined;
}

/** Dropped or reset connections are retried; refused connections and bad hosts are not. */
export function isRetryableNetworkError(code: string | undefined, message: string): boolean {
	if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
	return /socket hang up|ECONNRESET/i.test(message);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`: Retry-After when given, else `fallbackMs`
 * or exponential backoff.
 */
export function retryDelayMs(
	attempt: number,
	headers: IDataObject | undefined,
	now = Date.now(),
	fallbackMs?: number,
): number {
	const header = headers?.['retry-after'];
	if (typeof header === 'string' && header.trim() !== '') {
		const seconds = Number(header);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(header);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return fallbackMs ?? Math.min(1000 * 2 ** attempt, 30_000);
}
