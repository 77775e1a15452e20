// The API server: records each request, then applies, in order: the in-flight limit (429,
// valid keys only, no latency), latency, route match (404), body limit (413), a queued fault
// (else a random one, when enabled), a scripted response, auth (401), prompt directives, and
// finally the route handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize } from './auth';
import { admitRequest } from './concurrencyLimit';
import { isJsonContentType, parseBody, readBody } from './body';
import type { ParsedBody, RequestContext } from './context';
import { parseDirectives, type Directives } from './directives';
import { errorReply, newApiErrorReply, newRequestId, unauthorized } from './errors';
import { alterAnswer, apiFaultReply, isAnswerFault, statusReply } from './faults';
import type { Reply } from './reply';
import { randomFault } from './randomFaults';
import { matchRoute, type RouteMatch } from './router';
import { handleChat } from './routes/chat';
import { handleEdits } from './routes/edits';
import { handleGenerateContent } from './routes/generateContent';
import { handleGenerations } from './routes/generations';
import { handleModels } from './routes/models';
import { scriptedReply } from './scripted';
import { sendReply } from './send';
import type { GatewayState } from './state';
import { createTrackedServer, onClosedEarly } from './tracked';
import type { ApiRouteName, Fault, RecordedRequest } from './types';

const HANDLERS: Record<ApiRouteName, (ctx: RequestContext) => Promise<Reply>> = {
	models: handleModels,
	generations: handleGenerations,
	edits: handleEdits,
	generateContent: handleGenerateContent,
	chat: handleChat,
};

export function createApiServer(state: GatewayState) {
	return createTrackedServer((req, res) => {
		handleApi(state, req, res).catch((e: unknown) => {
			// A bug in the gateway must be visible to the test, not a hung request.
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				res.end(`test gateway crashed: ${(e as Error).stack ?? String(e)}`);
			}
		});
	});
}

async function handleApi(
	state: GatewayState,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const method = req.method ?? 'GET';
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const match = matchRoute(method, url.pathname);
	const record: RecordedRequest = {
		method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		headers: { ...req.headers },
		rawBody: Buffer.alloc(0),
		authorization: req.headers.authorization,
		route: match?.route,
		status: 0,
		receivedAt: Date.now(),
	};
	state.requests.push(record);
	onClosedEarly(res, record);
	const { body: raw, tooLarge } = await readBody(req, state.options.maxBodyBytes);
	record.rawBody = raw;
	const body = tooLarge ? {} : parseBody(raw, req.headers['content-type']);
	if (body.json !== undefined && isJsonContentType(req.headers['content-type']))
		record.json = body.json;
	if (body.multipart) record.multipart = body.multipart;
	const requestId = newRequestId();
	const { apiKey } = state.options;
	const reply =
		admitRequest(state.inFlight, res, {
			route: match?.route,
			headers: req.headers,
			query: record.query,
			apiKey,
			requestId,
		}) ?? (await decide(state, req, { match, record, body, requestId, tooLarge, url }));
	await sendReply(
		state,
		res,
		reply,
		{ 'X-Oneapi-Request-Id': requestId },
		(s) => (record.status = s),
	);
}

interface Incoming {
	match?: RouteMatch;
	record: RecordedRequest;
	body: ParsedBody;
	requestId: string;
	tooLarge: boolean;
	url: URL;
}

async function decide(state: GatewayState, req: IncomingMessage, i: Incoming): Promise<Reply> {
	await state.sleep(state.latencyMs);
	const { requestId } = i;
	if (!i.match) {
		// The path only, never the query: ?key= must not be echoed back.
		return errorReply(404, requestId, {
			message: `Invalid URL (${i.record.method} ${i.url.pathname})`,
			type: 'invalid_request_error',
			code: '',
		});
	}
	const route = i.match.route;
	if (i.tooLarge) {
		return errorReply(413, requestId, {
			message: `Request body too large (limit ${state.options.maxBodyBytes} bytes)`,
			code: 'read_request_body_failed',
		});
	}
	const model = requestedModel(i);
	const request = { model, authorization: i.record.authorization };
	// A fault that changes the route's own answer (truncate, cut, stall, echo in the answer).
	let answerFault: Fault | undefined;
	const fault = state.takeApiFault(route) ?? (await randomFault(state, route, i.record, requestId));
	if (fault) {
		const r = apiFaultReply(fault, route, requestId, request);
		if (r) return r;
		if (isAnswerFault(fault)) answerFault = fault;
	}
	const script = state.takeScript(route);
	if (script) return scriptedReply(script);

	const auth = authorize(route, req.headers, i.record.query, state.options.apiKey);
	if (auth !== 'ok') return unauthorized(requestId, auth === 'missing');

	const directives = parseDirectives(i.record.rawBody.toString('latin1'));
	const early = await applyDirectives(state, route, requestId, directives, request);
	if (early.reply) return early.reply;
	answerFault = early.answerFault ?? answerFault;

	const ctx: RequestContext = {
		state,
		route,
		requestId,
		record: i.record,
		body: i.body,
		directives,
		truncate: answerFault?.kind === 'truncatedBase64',
		pathModel: i.match.model,
	};
	const reply = await HANDLERS[route](ctx);
	return answerFault ? alterAnswer(answerFault, reply, i.record.authorization) : reply;
}

/** The model a request names (path, JSON or multipart field), for error messages. */
function requestedModel(i: Incoming): string | undefined {
	if (i.match?.model) return i.match.model;
	const fromJson = (i.body.json as { model?: unknown } | undefined)?.model;
	if (typeof fromJson === 'string') return fromJson;
	const fromForm = i.body.multipart?.fields.model;
	return typeof fromForm === 'string' ? fromForm : undefined;
}

/** The fault a `[dgrid:fault=…]` directive names. */
function directiveFault(d: Directives): Fault | undefined {
	const kind = d.fault?.kind;
	switch (kind) {
		case undefined:
			return undefined;
		case 'cut':
		case 'stall':
			return { kind, after: d.after };
		case 'echoKeyInAnswer':
			return { kind: 'echoKey', in: 'answer' };
		default:
			return { kind };
	}
}

/**
 * Directive-driven delay, status, New API errors and faults; `*N` limits count per route and
 * token. Hands back a reply, or a fault that alters the route's answer.
 */
async function applyDirectives(
	state: GatewayState,
	route: ApiRouteName,
	requestId: string,
	d: Directives,
	request: { model?: string; authorization?: string },
): Promise<{ reply?: Reply; answerFault?: Fault }> {
	if (d.delayMs) await state.sleep(d.delayMs);
	const fires = (token: string, times?: number) =>
		times === undefined ? true : state.hitDirective(`${route} ${token}`) < times;
	if (d.status && fires(d.status.token, d.status.times)) {
		return {
			reply: statusReply(d.status.status, requestId, {
				retryAfter: d.retryAfter,
				model: request.model,
			}),
		};
	}
	if (d.error && fires(d.error.token, d.error.times)) {
		return { reply: newApiErrorReply(d.error.code, requestId, request.model) };
	}
	const fault = directiveFault(d);
	if (fault && d.fault && fires(d.fault.token, d.fault.times)) {
		return isAnswerFault(fault)
			? { answerFault: fault }
			: { reply: apiFaultReply(fault, route, requestId, request) };
	}
	return {};
}
