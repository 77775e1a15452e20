// An http.Server that remembers its sockets, so close() can destroy hung and keep-alive ones.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface TrackedServer {
	server: Server;
	sockets: Set<Socket>;
}

export function createTrackedServer(
	handler: (req: IncomingMessage, res: ServerResponse) => void,
): TrackedServer {
	const server = createServer(handler);
	const sockets = new Set<Socket>();
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	return { server, sockets };
}

export function listen(t: TrackedServer, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		t.server.once('error', reject);
		t.server.listen(port, '127.0.0.1', () => {
			t.server.off('error', reject);
			const addr = t.server.address();
			resolve(typeof addr === 'object' && addr ? addr.port : port);
		});
	});
}

export function shutdown(t: TrackedServer): Promise<void> {
	return new Promise((resolve) => {
		t.server.close(() => resolve());
		for (const s of t.sockets) s.destroy();
		t.sockets.clear();
		t.server.closeAllConnections();
	});
}

/** Notes when the client goes away before the answer was complete (a stop, a timeout, a reset). */
export function onClosedEarly(res: ServerResponse, record: { closedEarlyAt?: number }): void {
	res.once('close', () => {
		if (!res.writableFinished) record.closedEarlyAt = Date.now();
	});
}
