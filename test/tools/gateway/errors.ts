// DGrid (New API) error bodies: OpenAI-shaped on every route, message suffixed with the
// request id, which also goes out in the X-Oneapi-Request-Id header.
import { randomBytes } from 'node:crypto';
import { json, type Reply } from './reply';
import type { NewApiErrorCode } from './types';

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

export function errorReply(
	status: number,
	requestId: string,
	f: ErrorFields,
	headers?: Record<string, string>,
): Reply {
	return json(errorBody(requestId, f), status, headers);
}

/** Upstream-style validation error (OpenAI passes these through the gateway as 400s). */
export function invalidParam(
	requestId: string,
	param: string,
	message: string,
	code = 'invalid_value',
): Reply {
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
	switch (status) {
		case 400:
			return errorBody(requestId, {
				message: 'Invalid request',
				type: 'invalid_request_error',
				code: 'invalid_request',
			});
		case 401:
			return errorBody(requestId, { message: 'Invalid token', code: '' });
		case 403:
			return errorBody(requestId, {
				message: 'User quota is not enough',
				code: 'insufficient_user_quota',
			});
		case 404:
			return errorBody(requestId, {
				message: 'Not found',
				type: 'invalid_request_error',
				code: 'not_found',
			});
		case 413:
			return errorBody(requestId, {
				message: 'Request body too large',
				code: 'read_request_body_failed',
			});
		case 429:
			return null; // the real gateway often answers 429 with no body at all
		case 500:
			return newApiErrorBody('invalid_request', requestId);
		case 503:
			return newApiErrorBody('model_not_found', requestId, model);
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
	return errorReply(400, requestId, {
		message: detail,
		type: 'new_api_error',
		code: 'bad_request_body',
	});
}

/** A request New API could not turn into the provider's request: HTTP 500, never retried by the gateway. */
export function convertRequestFailed(requestId: string, message: string): Reply {
	return errorReply(500, requestId, {
		message,
		type: 'new_api_error',
		code: 'convert_request_failed',
	});
}

/** The provider refused the converted request: its status and message, relayed as New API does. */
export function upstreamStatusReply(status: number, requestId: string, message: string): Reply {
	return errorReply(status, requestId, {
		message,
		type: 'upstream_error',
		code: 'bad_response_status_code',
	});
}

/** An asynchronous DashScope task still running after New API's ~205 s of polling. */
export function asyncTimeoutReply(requestId: string): Reply {
	return errorReply(500, requestId, {
		message: 'aliAsyncTaskWait timeout',
		type: 'new_api_error',
		code: 'bad_response',
	});
}

/**
 * How New API answers with some of its own error codes (relaykit/types/error.go; the call sites
 * are in relay/): status, type and message as it sends them. The ones a retry cannot fix come
 * back as HTTP 500 all the same — which is why a client must read the code, not the status.
 */
const NEW_API_ERRORS: Record<
	NewApiErrorCode,
	{ status: number; type: string; message: (model: string) => string }
> = {
	// relay/image_handler.go: the Gemini/Vertex adaptors refuse non-Imagen models on the images route.
	convert_request_failed: {
		status: 500,
		type: 'new_api_error',
		message: () => 'not supported model for image generation, only imagen models are supported',
	},
	// relay/channel/ali/image.go: the async Wan task was polled ~3.5 minutes without finishing.
	bad_response: { status: 500, type: 'new_api_error', message: () => 'aliAsyncTaskWait timeout' },
	// relay/channel/gemini: an Imagen answer without predictions.
	bad_response_body: { status: 500, type: 'new_api_error', message: () => 'no images generated' },
	empty_response: {
		status: 500,
		type: 'new_api_error',
		message: () => 'empty response from upstream',
	},
	invalid_request: { status: 500, type: 'new_api_error', message: () => 'invalid request' },
	model_not_found: {
		status: 503,
		type: 'new_api_error',
		message: (m) => `No available channel for model ${m} under group default (distributor)`,
	},
	// relay/channel/gemini/relay-gemini.go: no candidates and a promptFeedback.blockReason.
	prompt_blocked: {
		status: 400,
		type: 'prompt_blocked',
		message: () => 'request blocked by Gemini API: PROHIBITED_CONTENT',
	},
	// The gateway could not reach the provider: a retry can succeed.
	do_request_failed: {
		status: 500,
		type: 'new_api_error',
		message: () => 'do request failed: Post "https://upstream.invalid/v1/images/generations": EOF',
	},
	bad_response_status_code: {
		status: 502,
		type: 'upstream_error',
		message: () => 'bad response status code 502',
	},
};

export const NEW_API_ERROR_CODES = Object.keys(NEW_API_ERRORS) as NewApiErrorCode[];

function newApiErrorBody(code: NewApiErrorCode, requestId: string, model?: string) {
	const { type, message } = NEW_API_ERRORS[code];
	return errorBody(requestId, { message: message(model ?? 'the requested model'), type, code });
}

export function newApiErrorReply(code: NewApiErrorCode, requestId: string, model?: string): Reply {
	return json(newApiErrorBody(code, requestId, model), NEW_API_ERRORS[code].status);
}

/**
 * What a broken gateway that echoes the Authorization header would answer: the header in the
 * message, the bare key in param and code. The real gateway never does this; the node must
 * still not pass the key on.
 */
export function echoKeyErrorReply(requestId: string, authorization: string | undefined): Reply {
	const header = authorization ?? '';
	const key = header.replace(/^Bearer\s+/i, '');
	return errorReply(401, requestId, {
		message: `upstream rejected the credential (Authorization: ${header}; key ${key})`,
		type: 'upstream_error',
		param: key,
		code: key,
	});
}
