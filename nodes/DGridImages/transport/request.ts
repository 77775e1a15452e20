import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { getBaseUrl } from './baseUrl';
import { dgridApiError, dgridNetworkError, readDGridError, readNetworkFailure, redactSecrets } from './errors';
import type { MultipartPart } from './multipart';
import { buildMultipartBody } from './multipart';
import {
	MAX_RETRY_WAIT_MS,
	isRetryableNetworkError,
	isRetryableStatus,
	retryDelayMs,
} from './retryPolicy';

/** How long to wait and how often to retry; from the node's options. */
export interface RequestSettings {
	timeoutMs: number;
	maxRetries: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { timeoutMs: 600_000, maxRetries: 2 };

export interface DGridCall {
	method: 'GET' | 'POST';
	/** Path under the base URL, starting with /v1. */
	path: string;
	json?: IDataObject;
	multipart?: MultipartPart[];
	/** Server-sent events: the answer body is handed back as a stream. */
	stream?: boolean;
}

export interface CallContext {
	itemIndex: number;
	/** Display name of the operation, used in error messages. */
	operationName: string;
	settings: RequestSettings;
}

export interface DGridResponse<Body = unknown> {
	status: number;
	headers: IDataObject;
	body: Body;
}

type DGridContext = IExecuteFunctions | ILoadOptionsFunctions;

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

const EXCERPT_LENGTH = 300;

function excerpt(text: string): string | undefined {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	return redactSecrets(trimmed.length > EXCERPT_LENGTH ? `${trimmed.slice(0, EXCERPT_LENGTH)}…` : trimmed);
}

async function readAll(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		}
		return Buffer.concat(chunks);
	}
	return Buffer.from(body === undefined || body === null ? '' : JSON.stringify(body), 'utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

function buildRequest(baseUrl: string, call: DGridCall, settings: RequestSettings): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		headers: { Accept: call.stream ? 'text/event-stream' : 'application/json' },
		encoding: call.stream ? 'stream' : 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
		json: false,
	};
	if (call.multipart) {
		const { body, contentType } = buildMultipartBody(call.multipart);
		request.body = body;
		request.headers = { ...request.headers, 'Content-Type': contentType };
	} else if (call.json) {
		request.body = call.json;
		request.headers = { ...request.headers, 'Content-Type': 'application/json' };
	}
	return request;
}

/** Sends one request, retrying transient failures; resolves with the raw answer. */
async function sendWithRetries(
	this: DGridContext,
	request: IHttpRequestOptions,
	context: CallContext,
): Promise<RawResponse> {
	const node = this.getNode();
	const { itemIndex, operationName, settings } = context;
	for (let attempt = 0; ; attempt++) {
		let response: RawResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'dgridApi',
				request,
			)) as RawResponse;
		} catch (error) {
			const { code, message } = readNetworkFailure(error);
			if (attempt < settings.maxRetries && isRetryableNetworkError(code, message)) {
				await sleep(retryDelayMs(attempt, undefined));
				continue;
			}
			const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message);
			const reason = timedOut
				? `DGrid did not answer within ${Math.round(settings.timeoutMs / 1000)} s (the Timeout option)`
				: `Could not reach DGrid at ${new URL(request.url).origin}: ${message}`;
			throw dgridNetworkError(node, itemIndex, `${operationName} failed for item ${itemIndex}: ${reason}`, {
				code,
				description: code ? `Network error code: ${code}` : undefined,
			});
		}
		const status = response.statusCode;
		if (status < 400) return response;

		const text = (await readAll(response.body)).toString('utf8');
		const parsed = parseJson(text);
		const details = parsed.ok ? readDGridError(parsed.value, response.headers) : undefined;
		if (attempt < settings.maxRetries && isRetryableStatus(status, details)) {
			const delay = retryDelayMs(attempt, response.headers);
			if (delay <= MAX_RETRY_WAIT_MS) {
				await sleep(delay);
				continue;
			}
		}
		throw dgridApiError({
			node,
			itemIndex,
			operationName,
			status,
			details,
			rawBodyExcerpt: parsed.ok ? undefined : excerpt(text),
		});
	}
}

/**
 * The one way this node calls DGrid: base URL and Bearer key from the credential, JSON or
 * multipart body, retries on 429/5xx/dropped connections honouring Retry-After, and every
 * failure — including an HTTP 200 that carries an `error` object — as a NodeApiError
 * naming the item, the operation and what DGrid said.
 */
export async function callDGrid<Body = unknown>(
	this: DGridContext,
	call: DGridCall,
	context: CallContext,
): Promise<DGridResponse<Body>> {
	const baseUrl = await getBaseUrl.call(this, context.itemIndex);
	const response = await sendWithRetries.call(this, buildRequest(baseUrl, { ...call, stream: false }, context.settings), context);
	const text = (await readAll(response.body)).toString('utf8');
	const parsed = parseJson(text);
	if (!parsed.ok) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'DGrid answered with invalid JSON', httpCode: String(response.statusCode) },
			{
				message: `${context.operationName} failed for item ${context.itemIndex}: DGrid's answer is not valid JSON (HTTP ${response.statusCode})`,
				description: `Start of the answer: ${excerpt(text) ?? '(empty)'}`,
				itemIndex: context.itemIndex,
			},
		);
	}
	const errorIn200 = readErrorIn200(parsed.value, response.headers);
	if (errorIn200) {
		throw dgridApiError({
			node: this.getNode(),
			itemIndex: context.itemIndex,
			operationName: context.operationName,
			status: response.statusCode,
			details: errorIn200,
		});
	}
	return { status: response.statusCode, headers: response.headers, body: parsed.value as Body };
}

// An asynchronous Qwen/Wan task that failed upstream comes back as HTTP 200 + `error`.
function readErrorIn200(body: unknown, headers: IDataObject) {
	if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
	const { error } = body as { error: unknown };
	if (error === null || error === undefined || error === '') return undefined;
	return readDGridError(body, headers);
}

/** Like callDGrid, for server-sent events: resolves with the open body stream. */
export async function callDGridStream(
	this: DGridContext,
	call: DGridCall,
	context: CallContext,
): Promise<DGridResponse<AsyncIterable<Buffer | string>>> {
	const baseUrl = await getBaseUrl.call(this, context.itemIndex);
	const response = await sendWithRetries.call(this, buildRequest(baseUrl, { ...call, stream: true }, context.settings), context);
	return {
		status: response.statusCode,
		headers: response.headers,
		body: response.body as AsyncIterable<Buffer | string>,
	};
}
