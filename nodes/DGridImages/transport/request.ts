import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parseJsonText } from '../shared/json';
import { excerpt } from '../shared/text';
import { baseUrlOf } from './baseUrl';
import { catchBrokenBody, readBody, readWholeBody } from './body';
import type { StopWatch } from './cancel';
import { stoppedBy, watchStop } from './cancel';
import type { DGridCredential } from './credential';
import {
	DGRID_CREDENTIAL_TYPE,
	credentialText,
	readCredential,
	secretsOfCredential,
} from './credential';
import {
	brokenBodyError,
	dgridApiError,
	dgridNetworkError,
	itemFailure,
	readDGridError,
	readNetworkFailure,
} from './errors';
import { contentLengthOf } from './headers';
import { readJsonStream } from './jsonStream/read';
import type { MultipartPart } from './multipart';
import { buildMultipartBody } from './multipart';
import type { AttemptOutcome, Pace } from './pace';
import type { ReadingShare } from './readingBudget';
import type { AttemptFailure } from './retryDecision';
import { decideRetry } from './retryDecision';
import { isRetryableNetworkError } from './retryPolicy';
import type { Secrets } from './redact';
import { redactSecrets } from './redact';

/** How long to wait and how often to retry; from the node's options. */
export interface RequestSettings {
	/** The wait for an answer's headers, and then the longest pause inside its body. */
	timeoutMs: number;
	maxRetries: number;
	/** Where the transport counts the requests it sends for one item, retries included. */
	attempts?: AttemptCount;
	/** The execution's shared pace: how many calls run at once, and pauses for rate limits. */
	pace?: Pace;
	/** The item's share of the execution's reading budget: large answers are read in turn. */
	reading?: ReadingShare;
	/** The node's credential, read once for the execution; without it every call reads it. */
	credential?: DGridCredential;
}

export interface AttemptCount {
	count: number;
	/** Milliseconds spent waiting for the pace: a free slot, or the end of a rate-limit pause. */
	waitedMs?: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { timeoutMs: 600_000, maxRetries: 2 };

export interface DGridCall {
	method: 'GET' | 'POST';
	/** Path under the base URL, starting with /v1. */
	path: string;
	json?: IDataObject;
	multipart?: MultipartPart[];
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

/** A streamed answer as its reader gets it: the body's chunks, already guarded against stalls. */
export type StreamedResponse = DGridResponse<AsyncIterable<Buffer>>;

type DGridContext = IExecuteFunctions | ILoadOptionsFunctions;

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

const EXCERPT_LENGTH = 300;

/** The start of an answer DGrid sent, for an error message: without the key, undefined when empty. */
function answerExcerpt(text: string, secrets: Secrets): string | undefined {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	return redactSecrets(excerpt(trimmed, EXCERPT_LENGTH), secrets);
}

// Every answer is taken as a stream, so its body is read with the idle limit of body.ts: the
// HTTP client's own timeout stops counting once the headers are in.
function buildRequest(
	baseUrl: string,
	call: DGridCall,
	settings: RequestSettings,
	accept: string,
): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		headers: { Accept: accept },
		encoding: 'stream',
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

/** The body's chunks with the idle limit, whatever shape the HTTP helper handed back. */
async function* chunksOf(body: unknown, idleMs: number): AsyncGenerator<Buffer> {
	if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		yield* readBody(body as AsyncIterable<Buffer>, idleMs);
	} else {
		yield await readWholeBody(body, idleMs);
	}
}

/**
 * The answer's JSON, read as it arrives: images in it come out decoded (jsonStream/). A large
 * answer first waits for its turn in the execution's reading budget (readingBudget.ts).
 */
async function readJsonAnswer(
	this: DGridContext,
	response: StreamedResponse,
	{ context, secrets }: PreparedCall,
): Promise<unknown> {
	const expectedBytes = contentLengthOf(response.headers);
	await takeReadingShare(this, context, expectedBytes);
	const parsed = await readJsonStream(response.body, { expectedBytes });
	if (parsed.ok) return parsed.value;
	const { operationName, itemIndex } = context;
	throw new NodeApiError(
		this.getNode(),
		{ message: 'DGrid answered with invalid JSON', httpCode: String(response.status) },
		{
			message: itemFailure(
				{ operationName, itemIndex },
				`DGrid's answer is not valid JSON (HTTP ${response.status})`,
			),
			description: `Start of the answer: ${answerExcerpt(parsed.start, secrets) ?? '(empty)'} (${parsed.problem})`,
			itemIndex,
		},
	);
}

/** Waits for the item's turn to read a body of `length` bytes; a stop ends the wait as the item's canceled error. */
export async function takeReadingShare(
	context: DGridContext,
	{ settings, itemIndex, operationName }: CallContext,
	length: number | undefined,
) {
	if (!settings.reading) return;
	const { signal, canceled } = watchStop(context, itemIndex, operationName);
	await settings.reading.take(length, signal).catch(() => Promise.reject(canceled()));
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	return Buffer.concat(parts);
}

/**
 * One attempt's slot in the execution's pace (none when the caller has no pace, e.g. the model
 * list). Released exactly once, with what the attempt said about the gateway's load.
 */
async function takeSlot(settings: RequestSettings, signal: AbortSignal | undefined) {
	const { pace, attempts } = settings;
	const noPace = { release: (outcome: AttemptOutcome) => void outcome };
	if (!pace) return noPace;
	const waited = await pace.acquire(signal);
	if (attempts && waited > 0) attempts.waitedMs = (attempts.waitedMs ?? 0) + waited;
	let released = false;
	return {
		release(outcome: AttemptOutcome) {
			if (released) return;
			released = true;
			pace.release(outcome);
		},
	};
}

/** A request ready to send, with what its answer's errors need: the item and the key to keep out. */
interface PreparedCall {
	request: IHttpRequestOptions;
	context: CallContext;
	secrets: Secrets;
	credential: DGridCredential;
}

/** An attempt that failed, and the item error it becomes when it is not sent again. */
interface FailedAttempt {
	failure: AttemptFailure;
	error: (attempts: number) => Error;
}

type AttemptResult<T> = { answer: DGridResponse<T> } | FailedAttempt;

/**
 * Sends one request, retrying what a retry can fix — 429 and 5xx other than DGrid's permanent
 * codes (honouring Retry-After), dropped connections, bodies cut off before anything usable
 * arrived (retryDecision.ts) — and hands the answer to `consume`. An HTTP error, a body that
 * broke off, and an HTTP 200 carrying `error` become item errors naming the operation and the item.
 */
async function exchange<T>(
	this: DGridContext,
	prepared: PreparedCall,
	consume: (response: StreamedResponse) => Promise<T>,
): Promise<DGridResponse<T>> {
	const { itemIndex, operationName, settings } = prepared.context;
	// A stop closes the request (n8n attaches the signal to it) and ends any wait between
	// attempts or for the pace; the item then says it was canceled.
	const stop = watchStop(this, itemIndex, operationName);
	const startedAt = Date.now();
	let failures = 0;
	for (let attempt = 1; ; attempt++) {
		if (settings.attempts) settings.attempts.count++;
		// What the item read before is done with; it must not hold memory while it waits for a slot.
		settings.reading?.release();
		const slot = await takeSlot(settings, stop.signal).catch(() => Promise.reject(stop.canceled()));
		// Whatever ends this attempt (an answer, an error, a throw), its slot goes back once.
		try {
			const result = await (sendOnce<T>).call(this, prepared, consume, stop);
			if ('answer' in result) {
				slot.release({ kind: 'answered' });
				return result.answer;
			}
			const { maxRetries, timeoutMs, pace } = settings;
			const budget = {
				failures,
				maxRetries,
				timeoutMs,
				startedAt,
				now: Date.now(),
				paced: pace !== undefined,
			};
			const decision = decideRetry(result.failure, budget);
			slot.release(decision.paceOutcome);
			if (decision.next === 'giveUp') throw result.error(attempt);
			if (decision.spendsRetry) failures++;
			if (decision.next === 'wait') await stop.pause(decision.waitMs);
		} finally {
			slot.release({ kind: 'failed' });
		}
	}
}

/** One attempt: the request sent, its answer read by `consume`. A stop throws the item's canceled error. */
async function sendOnce<T>(
	this: DGridContext,
	prepared: PreparedCall,
	consume: (response: StreamedResponse) => Promise<T>,
	stop: StopWatch,
): Promise<AttemptResult<T>> {
	const { request, context, secrets, credential } = prepared;
	let response: RawResponse;
	try {
		// Handed the credential already read, n8n's helper does not read and decrypt it again.
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			DGRID_CREDENTIAL_TYPE,
			request,
			{
				credentialsDecrypted: credential,
			},
		)) as RawResponse;
	} catch (error) {
		if (stoppedBy(error, stop.signal)) throw stop.canceled();
		return networkFailure.call(this, error, prepared);
	}
	const { statusCode: status, headers } = response;
	const answer = { status, headers, body: chunksOf(response.body, context.settings.timeoutMs) };
	if (status >= 400) return await errorAnswer.call(this, answer, prepared, stop);
	const read = await catchBrokenBody(consume(answer));
	const { itemIndex, operationName } = context;
	if ('broken' in read) {
		if (stop.signal?.aborted) throw stop.canceled();
		return {
			failure: { kind: 'brokenBody', retryable: read.broken.retryable },
			error: (attempts) =>
				brokenBodyError(
					{ node: this.getNode(), itemIndex, operationName, status, attempts },
					read.broken,
				),
		};
	}
	const details = readErrorIn200(read.value, headers, secrets);
	if (!details) return { answer: { status, headers, body: read.value } };
	return {
		failure: { kind: 'errorInAnswer' },
		error: (attempts) =>
			dgridApiError({ node: this.getNode(), itemIndex, operationName, status, details, attempts }),
	};
}

/** A request that got no answer: timed out, or DGrid could not be reached. */
function networkFailure(
	this: DGridContext,
	error: unknown,
	{ request, context, secrets }: PreparedCall,
): FailedAttempt {
	const { itemIndex, operationName, settings } = context;
	const { code, message } = readNetworkFailure(error, secrets);
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message);
	const reason = timedOut
		? `DGrid did not answer within ${Math.round(settings.timeoutMs / 1000)} s (the Timeout option)`
		: `Could not reach DGrid at ${new URL(request.url).origin}: ${message}`;
	return {
		failure: { kind: 'network', retryable: isRetryableNetworkError(code, message) },
		error: () =>
			dgridNetworkError(
				this.getNode(),
				itemIndex,
				itemFailure({ operationName, itemIndex }, reason),
				{
					code,
					description: code ? `Network error code: ${code}` : undefined,
				},
			),
	};
}

/** An HTTP error: its body, read as far as it came if it breaks off (the status still says enough). */
async function errorAnswer(
	this: DGridContext,
	answer: StreamedResponse,
	{ context, secrets }: PreparedCall,
	stop: StopWatch,
): Promise<FailedAttempt> {
	const read = await catchBrokenBody(collect(answer.body));
	if (stop.signal?.aborted) throw stop.canceled();
	const text = 'value' in read ? read.value.toString('utf8') : '';
	const parsed = parseJsonText(text);
	const { status, headers } = answer;
	const details = parsed.ok ? readDGridError(parsed.value, headers, secrets) : undefined;
	const { itemIndex, operationName } = context;
	return {
		failure: { kind: 'status', status, details, headers },
		error: (attempts) =>
			dgridApiError({
				node: this.getNode(),
				itemIndex,
				operationName,
				status,
				details,
				rawBodyExcerpt: parsed.ok ? undefined : answerExcerpt(text, secrets),
				attempts,
			}),
	};
}

// An asynchronous Qwen/Wan task that failed upstream comes back as HTTP 200 + `error`; so does
// an error event inside a stream.
function readErrorIn200(body: unknown, headers: IDataObject, secrets: Secrets) {
	if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
	const { error } = body as { error: unknown };
	if (error === null || error === undefined || error === '') return undefined;
	return readDGridError(body, headers, secrets);
}

async function prepare(
	this: DGridContext,
	call: DGridCall,
	context: CallContext,
	accept: string,
): Promise<PreparedCall> {
	const credential =
		context.settings.credential ?? (await readCredential.call(this, context.itemIndex));
	const baseUrl = baseUrlOf.call(this, credentialText(credential, 'baseUrl'), context.itemIndex);
	const secrets = secretsOfCredential(credential);
	return {
		request: buildRequest(baseUrl, call, context.settings, accept),
		context,
		secrets,
		credential,
	};
}

/**
 * The one way this node calls DGrid: base URL and Bearer key from the credential, JSON or
 * multipart body, retries where a retry can succeed, and every failure — including an HTTP
 * 200 that carries an `error` object, and a body that stops part-way — as a NodeApiError
 * naming the item, the operation and what DGrid said (never the key).
 */
export async function callDGrid<Body = unknown>(
	this: DGridContext,
	call: DGridCall,
	context: CallContext,
): Promise<DGridResponse<Body>> {
	const prepared = await prepare.call(this, call, context, 'application/json');
	return await (exchange<Body>).call(
		this,
		prepared,
		async (response) => (await readJsonAnswer.call(this, response, prepared)) as Body,
	);
}

/**
 * Like callDGrid, for server-sent events: `read` consumes the body's chunks as they arrive and
 * returns the answer (an object with `error` is reported like an HTTP 200 error). A body that
 * breaks off is sent again while the BrokenBodyError `read` lets through says it may be.
 */
export async function callDGridStream<Body = unknown>(
	this: DGridContext,
	call: DGridCall,
	context: CallContext,
	read: (response: StreamedResponse) => Promise<Body>,
): Promise<DGridResponse<Body>> {
	const prepared = await prepare.call(this, call, context, 'text/event-stream');
	return await (exchange<Body>).call(this, prepared, read);
}
