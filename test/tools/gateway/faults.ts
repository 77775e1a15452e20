// Wire behaviour of each fault kind (queued by tests or asked for by a prompt directive).
import {
	asyncTimeoutReply,
	defaultStatusBody,
	echoKeyErrorReply,
	errorIn200Body,
	newApiErrorReply,
} from './errors';
import { json, type Reply } from './reply';
import type { ApiRouteName, Fault } from './types';

/** A JSON-looking body cut off mid-value, flavoured per route so it starts plausibly. */
const MALFORMED: Record<ApiRouteName, string> = {
	models: '{"object":"list","data":[{"id":"dall-e-3","object":"mod',
	generations: '{"created":1735689600,"data":[{"url":"","b64_json":"iVBORw0KGgoAAAANSUhEUgAA',
	edits: '{"created":1735689600,"data":[{"url":"","b64_json":"iVBORw0KGgoAAAANSUhEUgAA',
	chat:
		'{"id":"chatcmpl-x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",' +
		'"content":"Here is your image:\\n![image](data:image/png;base64,iVBORw0KG',
	generateContent:
		'{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"iVBO',
};

export function statusReply(
	status: number,
	requestId: string,
	opts: { body?: object | string | null; retryAfter?: string; model?: string },
): Reply {
	const headers: Record<string, string> = {};
	if (opts.retryAfter !== undefined) headers['Retry-After'] = opts.retryAfter;
	const body =
		opts.body === undefined ? defaultStatusBody(status, requestId, opts.model) : opts.body;
	if (body === null) return { kind: 'raw', status, body: '', headers };
	if (typeof body === 'string') {
		headers['Content-Type'] = /^\s*[[{]/.test(body)
			? 'application/json; charset=utf-8'
			: /^\s*</.test(body)
				? 'text/html; charset=utf-8'
				: 'text/plain; charset=utf-8';
		return { kind: 'raw', status, body, headers };
	}
	return json(body, status, headers);
}

/**
 * The reply for an API fault; undefined for the kinds that alter the normal answer instead
 * (see isAnswerFault) and for CDN-only kinds.
 */
export function apiFaultReply(
	fault: Fault,
	route: ApiRouteName,
	requestId: string,
	request: { model?: string; authorization?: string } = {},
): Reply | undefined {
	const { model } = request;
	switch (fault.kind) {
		case 'status':
			return statusReply(fault.status, requestId, {
				body: fault.body,
				retryAfter: fault.retryAfter,
				model,
			});
		case 'errorIn200':
			return json(errorIn200Body(fault.message, fault.code));
		case 'malformedJson':
			return {
				kind: 'raw',
				status: 200,
				body: MALFORMED[route],
				headers: { 'Content-Type': 'application/json' },
			};
		case 'reset':
			return { kind: 'reset' };
		case 'hang':
			return { kind: 'hang' };
		case 'asyncTimeout':
			return asyncTimeoutReply(requestId);
		case 'newApiError':
			return newApiErrorReply(fault.code, requestId, model);
		case 'echoKey':
			return fault.in === 'answer'
				? undefined
				: echoKeyErrorReply(requestId, request.authorization);
		default:
			return undefined;
	}
}

/** Faults that let the route answer normally and then change that answer on its way out. */
export function isAnswerFault(fault: Fault): boolean {
	return (
		fault.kind === 'truncatedBase64' ||
		fault.kind === 'cut' ||
		fault.kind === 'stall' ||
		(fault.kind === 'echoKey' && fault.in === 'answer')
	);
}

const ECHOED_TEXT_FIELDS = new Set(['revised_prompt', 'text', 'content']);

/** Appends the echo to every text field of an answer (any depth), as a broken gateway might. */
function withEcho(value: unknown, echo: string, depth = 0): unknown {
	if (depth > 12 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((entry) => withEcho(entry, echo, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [
			key,
			ECHOED_TEXT_FIELDS.has(key) && typeof entry === 'string'
				? `${entry} ${echo}`
				: withEcho(entry, echo, depth + 1),
		]),
	);
}

function echoInEvent(event: string, echo: string): string {
	try {
		return JSON.stringify(withEcho(JSON.parse(event), echo));
	} catch {
		return event; // [DONE]
	}
}

/** The route's own answer, changed by a cut, stall or echoKey-in-answer fault. */
export function alterAnswer(fault: Fault, reply: Reply, authorization: string | undefined): Reply {
	if (reply.kind === 'reset' || reply.kind === 'hang') return reply;
	if (fault.kind === 'cut' || fault.kind === 'stall') {
		return {
			...reply,
			interrupt: { after: fault.after ?? 0, then: fault.kind === 'cut' ? 'reset' : 'hang' },
		};
	}
	if (fault.kind === 'echoKey') {
		const header = authorization ?? '';
		const echo = `(echo: Authorization: ${header}; key ${header.replace(/^Bearer\s+/i, '')})`;
		if (reply.kind === 'json') return { ...reply, body: withEcho(reply.body, echo) };
		if (reply.kind === 'sse')
			return { ...reply, events: reply.events.map((event) => echoInEvent(event, echo)) };
	}
	return reply;
}
