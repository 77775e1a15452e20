// What a route handler hands back; server.ts turns it into bytes on the socket.

export type Reply =
	| { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
	| { kind: 'raw'; status: number; body: Buffer | string; headers?: Record<string, string> }
	| { kind: 'sse'; status: number; events: string[]; headers?: Record<string, string> }
	/** Destroy the socket without answering. */
	| { kind: 'reset' }
	/** Never answer; the socket stays open until the gateway closes. */
	| { kind: 'hang' };

export function json(body: unknown, status = 200, headers?: Record<string, string>): Reply {
	return { kind: 'json', status, body, headers };
}
