// What a route handler hands back; server.ts turns it into bytes on the socket.

/**
 * An answer that breaks off part-way (`cut`/`stall` faults): after `after` SSE events, or
 * `after` bytes of any other body, the socket is reset (`reset`) or left open and silent (`hang`).
 */
export interface Interrupt {
	after: number;
	then: 'reset' | 'hang';
}

export type Reply =
	| {
			kind: 'json';
			status: number;
			body: unknown;
			headers?: Record<string, string>;
			interrupt?: Interrupt;
	  }
	| {
			kind: 'raw';
			status: number;
			body: Buffer | string;
			headers?: Record<string, string>;
			interrupt?: Interrupt;
	  }
	| {
			kind: 'sse';
			status: number;
			events: string[];
			headers?: Record<string, string>;
			interrupt?: Interrupt;
	  }
	/** Destroy the socket without answering. */
	| { kind: 'reset' }
	/** Never answer; the socket stays open until the gateway closes. */
	| { kind: 'hang' };

export function json(body: unknown, status = 200, headers?: Record<string, string>): Reply {
	return { kind: 'json', status, body, headers };
}
