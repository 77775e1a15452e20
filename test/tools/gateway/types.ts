// Public types of the test gateway. Other test suites code against these names.
import type { ImageFormat } from './images';

/** Error codes New API answers with that tests ask for (`newApiError` faults, `[dgrid:error=…]`). */
export type NewApiErrorCode =
	| 'convert_request_failed'
	| 'bad_response'
	| 'bad_response_body'
	| 'empty_response'
	| 'invalid_request'
	| 'model_not_found'
	| 'prompt_blocked'
	| 'do_request_failed'
	| 'bad_response_status_code';

export type RouteName = 'models' | 'generations' | 'edits' | 'generateContent' | 'chat' | 'cdn';
export type ApiRouteName = Exclude<RouteName, 'cdn'>;

export interface GatewayOptions {
	/** Key the gateway accepts; default 'sk-test-dgrid-0123456789'. */
	apiKey?: string;
	/** API port; default 0 (ephemeral). */
	port?: number;
	/** CDN port; default 0 (ephemeral). */
	cdnPort?: number;
	/** Delay before answering every API call; default 0. */
	latencyMs?: number;
	/** Extra delay for asynchronous Qwen/Wan models (wanx-v1, wan2.*); default 0. */
	asyncLatencyMs?: number;
	/** Request bodies above this get HTTP 413; default 128 MB like the real gateway. */
	maxBodyBytes?: number;
	/** Longest side, in pixels, of generated images (requested sizes are scaled down to it); default 64. */
	maxImageSide?: number;
	/** Requests in flight (per gateway, on all routes but /v1/models) beyond which New API's 429 comes back, with Retry-After: 1; default: no limit. */
	maxConcurrent?: number;
	/** Every generated image is a PNG of about this many bytes (like `[dgrid:bytes=N]`); default: small images. */
	imageBytes?: number;
	/** A seeded share of relay requests gets a fault (429 with/without Retry-After, 503, reset, slow); default none. */
	randomFaults?: RandomFaultOptions;
	/**
	 * Which New API the gateway plays where versions differ (see README "New API versions"):
	 * 'U' (default) the upstream commit the audit read, 'L' the newer copy of the Ali files.
	 */
	newApiVersion?: NewApiVersion;
}

export type RandomFaultKind = '429' | '429+retry-after' | '503' | 'reset' | 'slow';

export interface RandomFaultOptions {
	/** Share of relay requests that get a fault, 0..100. */
	percent: number;
	/** PRNG seed; default 1. */
	seed?: number;
	/** Kinds drawn from (evenly); default all. */
	kinds?: RandomFaultKind[];
	/** How long a `slow` answer waits before being served normally; default 2000 ms. */
	slowMs?: number;
}

/** The in-flight counter behind `maxConcurrent` (counted with or without a limit). */
export interface ConcurrencyStats {
	limit: number | undefined;
	inFlight: number;
	/** Most requests in flight at once since start-up or reset(). */
	peak: number;
	/** Requests answered 429 by the limit since start-up or reset(). */
	rejected: number;
}

export type NewApiVersion = 'U' | 'L';

/** What New API sent on to the provider for a request (the part tests cannot see on the wire). */
export interface UpstreamRequest {
	/** The provider's API, e.g. DashScope's `/api/v1/services/aigc/text2image/image-synthesis`. */
	api: string;
	body: unknown;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** Parsed body when the content type is JSON and parsing succeeded. */
	json?: unknown;
	multipart?: {
		fields: Record<string, string | string[]>;
		files: Array<{ name: string; filename: string; contentType: string; data: Buffer }>;
	};
	/** The Authorization header exactly as received. */
	authorization?: string;
	/** Route the path matched, if any. */
	route?: RouteName;
	/** Status the gateway answered with; 0 while pending, or when the socket was reset / left hanging. */
	status: number;
	/** The fault `randomFaults` gave this request, if any. */
	randomFault?: RandomFaultKind;
	/** The request New API converted this one into for the provider, once the route got that far. */
	upstream?: UpstreamRequest;
	/** When it arrived (Date.now()). */
	receivedAt: number;
	/** When the client closed the connection before the answer was complete (a stop, a timeout), if it did. */
	closedEarlyAt?: number;
}

export interface RecordedCdnRequest {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	hadAuthorization: boolean;
	status: number;
	/** When it arrived (Date.now()). */
	receivedAt: number;
	/** When the client closed the connection before the download was complete, if it did. */
	closedEarlyAt?: number;
}

export interface ProducedImage {
	format: ImageFormat;
	/** The bytes as served (for a truncatedBase64 fault: the damaged bytes). */
	bytes: Buffer;
	/** CDN URL when the image was delivered as a URL. */
	url?: string;
	route: RouteName;
	width: number;
	height: number;
	/** True when a truncatedBase64 fault damaged this image. */
	truncated?: boolean;
}

interface FaultBase {
	/** Match only requests to this route; default: any API route (or the CDN for cdn* kinds). */
	route?: RouteName;
}

export type Fault =
	| (FaultBase & {
			kind: 'status';
			status: number;
			body?: object | string | null;
			retryAfter?: string;
	  })
	| (FaultBase & { kind: 'errorIn200'; message?: string; code?: string })
	| (FaultBase & { kind: 'malformedJson' })
	| (FaultBase & { kind: 'truncatedBase64' })
	| (FaultBase & { kind: 'reset' })
	| (FaultBase & { kind: 'hang' })
	| (FaultBase & { kind: 'asyncTimeout' })
	/** New API's own answer for one of its error codes (status, type and message as it sends them). */
	| (FaultBase & { kind: 'newApiError'; code: NewApiErrorCode })
	/** The answer starts normally, then the connection is reset: after `after` SSE events, or `after` body bytes (default: right after the headers). */
	| (FaultBase & { kind: 'cut'; after?: number })
	/** The answer starts normally, then no more data comes (the socket stays open): after `after` events or bytes. */
	| (FaultBase & { kind: 'stall'; after?: number })
	/**
	 * A broken gateway echoing the received Authorization header: `error` (default) answers
	 * 401 with the header in the error's message, param and code; `answer` serves the normal
	 * answer with the key appended to its text fields (revised_prompt, text, content).
	 */
	| (FaultBase & { kind: 'echoKey'; in?: 'error' | 'answer' })
	| (FaultBase & { kind: 'cdnStatus'; status: number })
	| (FaultBase & { kind: 'cdnNotImage'; contentType?: string });

export interface ScriptedResponse {
	route?: RouteName;
	status?: number;
	headers?: Record<string, string>;
	json?: unknown;
	raw?: Buffer | string;
	/** Each string is one `data:` payload, sent as its own event. */
	sse?: string[];
}

export interface TestGateway {
	baseUrl: string;
	cdnBaseUrl: string;
	apiKey: string;
	requests: RecordedRequest[];
	cdnRequests: RecordedCdnRequest[];
	produced: ProducedImage[];
	queueFault(fault: Fault): void;
	queueResponse(r: ScriptedResponse): void;
	setLatency(ms: number): void;
	/** Changes the in-flight limit (undefined or 0: none); reset() goes back to the start-up value. */
	setMaxConcurrent(limit: number | undefined): void;
	concurrency(): ConcurrencyStats;
	/** Puts bytes on the CDN and returns their URL. */
	hostImage(buf: Buffer, ext: string): string;
	/** Clears records, queues, directive counters; latency back to the start-up value. */
	reset(): void;
	close(): Promise<void>;
}
