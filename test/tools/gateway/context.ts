// Per-request data handed to a route handler.
import type { Directives } from './directives';
import type { MultipartBody } from './multipart';
import type { GatewayState } from './state';
import type { ApiRouteName, RecordedRequest } from './types';

export interface ParsedBody {
	/** Parsed JSON (whatever the content type said), when the body is JSON. */
	json?: unknown;
	/** Set when the body is not multipart and could not be parsed as JSON. */
	jsonError?: string;
	multipart?: MultipartBody;
	multipartError?: string;
}

export interface RequestContext {
	state: GatewayState;
	route: ApiRouteName;
	requestId: string;
	record: RecordedRequest;
	body: ParsedBody;
	directives: Directives;
	/** A truncatedBase64 fault is active: images this request returns get damaged. */
	truncate: boolean;
	/** Model id from the path (generateContent). */
	pathModel?: string;
}
