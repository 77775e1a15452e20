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

/** 429 and 5xx are worth another try — except DGrid's own "this will never work" answers. */
export function isRetryableStatus(status: number, details?: DGridErrorDetails): boolean {
	if (status === 429) return true;
	if (status < 500) return false;
	if (details?.code === 'invalid_request') return false; // validation reported as HTTP 500
	if (details?.code === 'model_not_found') return false; // no channel serves this model
	return status !== 501;
}

/** Dropped or reset connections are retried; refused connections and bad hosts are not. */
export function isRetryableNetworkError(code: string | undefined, message: string): boolean {
	if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
	return /socket hang up|ECONNRESET/i.test(message);
}

/** Milliseconds to wait before attempt `attempt + 1`: Retry-After when given, else backoff. */
export function retryDelayMs(attempt: number, headers: IDataObject | undefined, now = Date.now()): number {
	const header = headers?.['retry-after'];
	if (typeof header === 'string' && header.trim() !== '') {
		const seconds = Number(header);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(header);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return Math.min(1000 * 2 ** attempt, 30_000);
}
