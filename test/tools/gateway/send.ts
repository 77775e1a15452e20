// Writes a Reply to the socket and records the status that went out.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Interrupt, Reply } from './reply';
import type { GatewayState } from './state';

/** RST rather than FIN, so clients see ECONNRESET rather than a clean close. */
export function resetSocket(socket: Socket): void {
	if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
	else socket.destroy();
}

export async function sendReply(
	state: GatewayState,
	res: ServerResponse,
	reply: Reply,
	baseHeaders: Record<string, string>,
	onStatus: (status: number) => void,
): Promise<void> {
	if (reply.kind === 'reset') {
		onStatus(0);
		resetSocket(res.socket as Socket);
		return;
	}
	if (reply.kind === 'hang') {
		onStatus(0); // nothing is written; close() destroys the socket
		return;
	}
	const headers: Record<string, string> = { ...baseHeaders, ...(reply.headers ?? {}) };
	onStatus(reply.status);
	if (reply.kind === 'sse') {
		res.writeHead(reply.status, {
			'Content-Type': 'text/event-stream',
			'Cache-Control': 'no-cache',
			Connection: 'keep-alive',
			...headers,
		});
		res.flushHeaders();
		const { interrupt } = reply;
		const sent = interrupt ? reply.events.slice(0, interrupt.after) : reply.events;
		for (const event of sent) {
			if (res.destroyed || state.closed) return;
			res.write(`data: ${event}\n\n`);
			// A short pause between events so they leave as separate writes, like a real stream.
			await state.sleep(2);
		}
		if (interrupt) breakOff(res, interrupt);
		else res.end();
		return;
	}
	let body: Buffer;
	if (reply.kind === 'json') {
		body = Buffer.from(JSON.stringify(reply.body));
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json; charset=utf-8';
		}
	} else {
		body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
	}
	headers['Content-Length'] = String(body.length);
	res.writeHead(reply.status, headers);
	await writeBody(res, body, reply.interrupt);
}

/**
 * Writes a body after its headers; with an interrupt, only its first bytes leave (the headers
 * still announce the full Content-Length) before the answer breaks off.
 */
export async function writeBody(
	res: ServerResponse,
	body: Buffer,
	interrupt?: Interrupt,
): Promise<void> {
	if (!interrupt) {
		res.end(body);
		return;
	}
	res.flushHeaders();
	const start = body.subarray(0, interrupt.after);
	if (start.length > 0) await new Promise<void>((resolve) => res.write(start, () => resolve()));
	breakOff(res, interrupt);
}

/** The end of an interrupted answer: a reset connection, or silence until the client or close() gives up. */
function breakOff(res: ServerResponse, interrupt: Interrupt): void {
	if (interrupt.then === 'reset') resetSocket(res.socket as Socket);
	// 'hang': nothing more is written; the socket stays open (close() destroys it).
}
