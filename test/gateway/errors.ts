// DGrid (New API) error bodies: OpenAI-shaped on every route, message suffixed with the
// request id, which also goes out in the X-Oneapi-Request-Id header.
import { randomBytes } from 'node:crypto';
import { json, type Reply } from './reply';

export interface ErrorFields {
	message: string;
	type?: string;
	param?: string | null;
	code?: string | number | null;
}

let counter = 0;

/** Same look as the real ids: timestamp, digits, random letters (e.g. 2025110219372122956275fVMryIXC). */
export function newRequestId(now = new Date()): string {
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	const stamp =
		`${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
		`${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
	counter = (counter + 1) % 100000000;
	const letters = randomBytes(8)
		.toString('base64')
		.replace(/[^A-Za-z]/g, 'x')
		.slice(0, 8);
	return `${stamp}${p(counter, 8)}${letters}`;
}

export function errorBody(requestId: string, f: ErrorFields): { error: Required<ErrorFields> } {
	return {
		error: {
			message: `${f.message} (request id: ${requestId})`,
			type: f.type ?? 'new_api_error',
			param: f.param ?? null,
			code: f.code ?? null,
		},
	};
}

export function errorReply(status: number, requestId: string, f: ErrorFields, headers?: Record<string, string>): Reply {
	return json(errorBody(requestId, f), status, headers);
}

/** Upstream-style validation error (OpenAI passes these through the gateway as 400s). */
export function invalidParam(requestId: string, param: string, message: string, code = 'invalid_value'): Reply {
	return errorReply(400, requestId, { message, type: 'invalid_request_error', param, code });
}

/** The gateway's own input checks fail with HTTP 500 and code invalid_request (a known New API quirk). */
export function gatewayInvalidRequest(requestId: string, message: string): Reply {
	return errorReply(500, requestId, { message, type: 'new_api_error', code: 'invalid_request' });
}

export function unauthorized(requestId: string, missing: boolean): Reply {
	// Never echo what was received: a key pasted into the wrong field must not leak.
	return errorReply(401, requestId, {
		message: missing ? 'No token provided' : 'Invalid token',
		type: 'new_api_error',
		code: '',
	});
}

/** Default bodies for `{kind:'status'}` faults and `[dgrid:status=N]` directives. */
export function defaultStatusBody(status: number, requestId: string, model?: string): unknown {
	const m = model ?? 'the requested model';
	switch (status) {
		case 400:
			return errorBody(requestId, { message: 'Invalid request', type: 'invalid_request_error', code: 'invalid_request' });
		case 401:
			return errorBody(requestId, { message: 'Invalid token', code: '' });
		case 403:
			return errorBody(requestId, { message: 'User quota is not enough', code: 'insufficient_user_quota' });
		case 404:
			return errorBody(requestId, { message: 'Not found', type: 'invalid_request_error', code: 'not_found' });
		case 413:
			return errorBody(requestId, { message: 'Request body too large', code: 'read_request_body_failed' });
		case 429:
			return null; // the real gateway often answers 429 with no body at all
		case 500:
			return errorBody(requestId, { message: 'invalid request', code: 'invalid_request' });
		case 503:
			return errorBody(requestId, {
				message: `No available channel for model ${m} under group default (distributor)`,
				code: 'model_not_found',
			});
		default:
			return errorBody(requestId, {
				message: `upstream error: bad response status code ${status}`,
				type: 'upstream_error',
				code: 'bad_response_status_code',
			});
	}
}

/** HTTP 200 carrying an error: how a failed asynchronous Qwen/Wan task can come back. */
export function errorIn200Body(message?: string, code?: string): unknown {
	return {
		error: {
			message: message ?? 'Input data may contain inappropriate content.',
			type: 'ali_error',
			code: code ?? 'DataInspectionFailed',
		},
	};
}

export function badRequestBody(requestId: string, detail: string): Reply {
	return errorReply(400, requestId, { message: detail, type: 'new_api_error', code: 'bad_request_body' });
}

/** A request New API could not turn into the provider's request: HTTP 500, never retried by the gateway. */
export function convertRequestFailed(requestId: string, message: string): Reply {
	return errorReply(500, requestId, { message, type: 'new_api_error', code: 'convert_request_failed' });
}

/** The provider refused the converted request: its status and message, relayed as New API does. */
export function upstreamStatusReply(status: number, requestId: string, message: string): Reply {
	return errorReply(status, requestId, { message, type: 'upstream_error', code: 'bad_response_status_code' });
}

/** An asynchronous DashScope task still running after New API's ~205 s of polling. */
export function asyncTimeoutReply(requestId: string): Reply {
	return errorReply(500, requestId, { message: 'aliAsyncTaskWait timeout', type: 'new_api_error', code: 'bad_response' });
}
