import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BrokenBodyInfo } from './body';
import type { Secrets } from './redact';
import { NO_SECRETS, redactSecrets } from './redact';
import { readRefusal } from './refusal';
import { permanentFailureCode } from './retryPolicy';

/** What DGrid said about a failed call, read from its OpenAI-shaped error body. */
export interface DGridErrorDetails {
	message?: string;
	type?: string;
	code?: string;
	param?: string;
	requestId?: string;
}

const REQUEST_ID_IN_MESSAGE = /\(request id: ([^)]+)\)/i;

function asText(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

/**
 * Reads `{"error":{"message","type","code","param"}}` (DGrid on every route, also with HTTP
 * 200) and the odd alternatives gateways use (`{"message"}`, `{"error":"text"}`). Every field
 * is cleaned of the key: a broken gateway may echo the Authorization header into any of them.
 */
export function readDGridError(
	body: unknown,
	headers?: IDataObject,
	secrets: Secrets = NO_SECRETS,
): DGridErrorDetails | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const inner = record.error;
	const source: IDataObject =
		inner && typeof inner === 'object' && !Array.isArray(inner)
			? (inner as IDataObject)
			: typeof inner === 'string'
				? { message: inner }
				: record;
	const message = asText(source.message) ?? asText(source.msg);
	if (!message && !asText(source.code) && !asText(source.type)) return undefined;
	const headerRequestId = headers?.['x-oneapi-request-id'] ?? headers?.['x-request-id'];
	const clean = (value: string | undefined) =>
		value === undefined ? undefined : redactSecrets(value, secrets);
	return {
		message: clean(message),
		type: clean(asText(source.type)),
		code: clean(asText(source.code)),
		param: clean(asText(source.param)),
		requestId: clean(message?.match(REQUEST_ID_IN_MESSAGE)?.[1] ?? asText(headerRequestId)),
	};
}

const STATUS_HINTS: Record<number, string> = {
	400: 'DGrid rejected the request as invalid',
	401: 'DGrid did not accept the API key — check the DGrid API credential',
	403: 'DGrid refused the request (quota used up, or the key may not use this model)',
	404: 'DGrid does not know this endpoint — check the Base URL of the credential',
	413: 'The request is larger than DGrid accepts — send fewer or smaller images',
	429: 'DGrid is rate-limiting this key — lower the concurrency or retry later',
	500: 'DGrid failed to process the request',
	502: 'DGrid could not reach the model provider',
	503: 'DGrid has no provider available for this model right now',
	504: 'DGrid timed out waiting for the model provider',
};

function hintForStatus(status: number): string {
	return (
		STATUS_HINTS[status] ??
		(status >= 500 ? 'DGrid failed to process the request' : 'DGrid rejected the request')
	);
}

export interface ApiErrorContext {
	node: INode;
	itemIndex: number;
	/** e.g. "Generate"; names the operation in the message. */
	operationName: string;
	status: number;
	details?: DGridErrorDetails;
	/** Used when the body held no error message (empty 429, HTML from a proxy…). */
	rawBodyExcerpt?: string;
	/** How many times the request was sent (1 + retries). */
	attempts?: number;
}

/** The headline's cause: a refusal, DGrid's validation, a failed task, or what the status means. */
function headline(status: number, details?: DGridErrorDetails): string {
	const refusal = readRefusal(details);
	if (refusal) return `${refusal.by} refused the prompt — ${refusal.reason} (HTTP ${status})`;
	// A 500 with code invalid_request is DGrid's input validation, not an outage.
	// A 2xx here carries an error object: a failed asynchronous Qwen/Wan task, not a rejection.
	const hint =
		status === 500 && details?.code === 'invalid_request'
			? 'DGrid rejected the request as invalid'
			: status < 300
				? 'DGrid answered with an error instead of a result'
				: hintForStatus(status);
	return `${hint} (HTTP ${status})`;
}

const triedLine = (attempts: number | undefined) =>
	attempts !== undefined && attempts > 1
		? `Sent ${attempts} times (the Max Retries option).`
		: undefined;

/** A failed HTTP answer from DGrid, as an n8n error that names item, operation and cause. */
export function dgridApiError(context: ApiErrorContext): NodeApiError {
	const { details, status } = context;
	const said = details?.message ?? context.rawBodyExcerpt;
	const message = itemFailure(context, headline(status, details));
	const descriptionParts = [
		said ? `DGrid said: ${said}` : 'DGrid sent no error message.',
		readRefusal(details)
			? 'Rephrase the prompt (or change the input images); the same request is refused again.'
			: undefined,
		status >= 500 && permanentFailureCode(details)
			? 'Not sent again: DGrid reports this failure as one that repeats on every try.'
			: undefined,
		details?.code ? `Code: ${details.code}` : undefined,
		details?.param ? `Parameter: ${details.param}` : undefined,
		details?.requestId ? `Request ID: ${details.requestId}` : undefined,
		triedLine(context.attempts),
	].filter(Boolean);
	const errorResponse: JsonObject = {
		httpCode: String(status),
		message,
		...(details ? { dgridError: { ...details } as JsonObject } : {}),
	};
	return new NodeApiError(context.node, errorResponse, {
		message,
		description: descriptionParts.join('\n'),
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
}

/** "1 s", "0.5 s", "600 s": durations in messages. */
export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** An answer whose body broke off after the headers: how much arrived, what happened, why no retry. */
export function brokenBodyError(
	context: Omit<ApiErrorContext, 'details' | 'rawBodyExcerpt'>,
	info: BrokenBodyInfo,
): NodeApiError {
	const received = `${info.bytes} bytes${info.events !== undefined ? `, ${info.events} events` : ''}`;
	const what =
		info.kind === 'cut'
			? `DGrid's answer was cut off after ${received}`
			: `DGrid's answer stalled: no data for ${seconds(info.idleMs ?? 0)} after ${received}`;
	const message = itemFailure(context, `${what} (HTTP ${context.status})`);
	const descriptionParts = [
		info.kind === 'cut'
			? `The connection closed before the answer was complete${info.detail ? ` (${info.detail})` : ''}.`
			: `DGrid sent the headers and then stopped sending. The Timeout option (${seconds(info.idleMs ?? 0)}) is how long the node waits for more data.`,
		info.notRetriedBecause,
		triedLine(context.attempts),
	].filter(Boolean);
	const error = new NodeApiError(
		context.node,
		{
			message,
			httpCode: String(context.status),
			code: info.kind === 'cut' ? 'BODY_CUT' : 'BODY_STALLED',
		},
		{
			message,
			description: descriptionParts.join('\n'),
			httpCode: String(context.status),
			itemIndex: context.itemIndex,
		},
	);
	error.message = message;
	return error;
}

/** The item an error is about: every item error's headline starts with it. */
export interface FailingItem {
	operationName: string;
	itemIndex: number;
}

/** "Generate failed for item 2: <problem>" — the one way an item error's headline begins. */
export const itemFailure = ({ operationName, itemIndex }: FailingItem, problem: string) =>
	`${operationName} failed for item ${itemIndex}: ${problem}`;

/**
 * A problem found before or after talking to DGrid (bad input, unusable answer). Texts are
 * cleaned of key-shaped strings here; the router also removes the credential's own key.
 */
export function dgridOperationError(
	node: INode,
	itemIndex: number,
	message: string,
	description?: string,
	secrets: Secrets = NO_SECRETS,
): NodeOperationError {
	return new NodeOperationError(node, redactSecrets(message, secrets), {
		itemIndex,
		description: description ? redactSecrets(description, secrets) : undefined,
	});
}

/** Code and message of a failed HTTP call (n8n wraps the client's error as `cause`). */
export function readNetworkFailure(
	error: unknown,
	secrets: Secrets = NO_SECRETS,
): { code?: string; message: string } {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const code = cause?.code ?? (error as { code?: string }).code;
	const message = cause?.message ?? (error as Error).message ?? String(error);
	return { code, message: redactSecrets(message, secrets) };
}

/** A call that got no HTTP answer (refused, reset, timed out), as an item error. */
export function dgridNetworkError(
	node: INode,
	itemIndex: number,
	message: string,
	failure: { code?: string; description?: string },
): NodeApiError {
	const error = new NodeApiError(
		node,
		{ message, code: failure.code ?? 'NETWORK_ERROR' },
		{ message, description: failure.description, itemIndex },
	);
	// NodeApiError swaps the message of common network codes (ECONNABORTED…) for generic text;
	// keep the one that names the item and says what happened (the timeout, the host).
	error.message = message;
	return error;
}
