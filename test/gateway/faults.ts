// Wire behaviour of each fault kind (queued by tests or asked for by a prompt directive).
import { asyncTimeoutReply, defaultStatusBody, errorIn200Body } from './errors';
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
	generateContent: '{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"iVBO',
};

export function statusReply(
	status: number,
	requestId: string,
	opts: { body?: object | string | null; retryAfter?: string; model?: string },
): Reply {
	const headers: Record<string, string> = {};
	if (opts.retryAfter !== undefined) headers['Retry-After'] = opts.retryAfter;
	const body = opts.body === undefined ? defaultStatusBody(status, requestId, opts.model) : opts.body;
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
 * The reply for an API fault; undefined for truncatedBase64 (the request is then served
 * normally with its images damaged) and for CDN-only kinds.
 */
export function apiFaultReply(fault: Fault, route: ApiRouteName, requestId: string, model?: string): Reply | undefined {
	switch (fault.kind) {
		case 'status':
			return statusReply(fault.status, requestId, { body: fault.body, retryAfter: fault.retryAfter, model });
		case 'errorIn200':
			return json(errorIn200Body(fault.message, fault.code));
		case 'malformedJson':
			return { kind: 'raw', status: 200, body: MALFORMED[route], headers: { 'Content-Type': 'application/json' } };
		case 'reset':
			return { kind: 'reset' };
		case 'hang':
			return { kind: 'hang' };
		case 'asyncTimeout':
			return asyncTimeoutReply(requestId);
		default:
			return undefined;
	}
}
