// The "CDN" host that serves URL results (a second server, like DGrid's real CDN).
// It records whether an Authorization header arrived: the node must not send the DGrid
// key to other hosts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createTrackedServer, onClosedEarly } from './tracked';
import { resetSocket, writeBody } from './send';
import type { Interrupt } from './reply';
import type { GatewayState } from './state';
import type { RecordedCdnRequest } from './types';

const NOT_IMAGE_HTML =
	'<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1></body></html>';

export function createCdnServer(state: GatewayState) {
	return createTrackedServer((req, res) => handleCdn(state, req, res));
}

function handleCdn(state: GatewayState, req: IncomingMessage, res: ServerResponse): void {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const record: RecordedCdnRequest = {
		path: url.pathname,
		headers: { ...req.headers },
		hadAuthorization: req.headers.authorization !== undefined,
		status: 0,
		receivedAt: Date.now(),
	};
	state.cdnRequests.push(record);
	onClosedEarly(res, record);
	req.resume(); // a GET has no body, but drain whatever comes
	const send = (
		status: number,
		contentType: string,
		body: Buffer | string,
		interrupt?: Interrupt,
	) => {
		record.status = status;
		const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
		res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length) });
		void writeBody(res, req.method === 'HEAD' ? Buffer.alloc(0) : buf, interrupt);
	};
	const fault = state.takeCdnFault();
	if (fault) {
		switch (fault.kind) {
			case 'cdnStatus':
			case 'status':
				return send(fault.status, 'text/plain; charset=utf-8', `HTTP ${fault.status}`);
			case 'reset':
				return resetSocket(req.socket);
			case 'hang':
				return;
			case 'cdnNotImage':
				return send(200, fault.contentType ?? 'text/html; charset=utf-8', NOT_IMAGE_HTML);
			default:
				break; // other kinds mean nothing to a CDN; the download goes through
		}
	}
	const m = /^\/images\/([A-Za-z0-9_.-]+)$/.exec(url.pathname);
	const file =
		m && (req.method === 'GET' || req.method === 'HEAD') ? state.files.get(m[1]) : undefined;
	if (!file)
		return send(
			404,
			'application/xml',
			'<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>',
		);
	const bytes =
		fault?.kind === 'truncatedBase64'
			? file.bytes.subarray(0, Math.floor(file.bytes.length / 2))
			: file.bytes;
	// cut / stall: the image starts to arrive, then the connection resets or goes silent.
	const interrupt: Interrupt | undefined =
		fault?.kind === 'cut' || fault?.kind === 'stall'
			? { after: fault.after ?? 0, then: fault.kind === 'cut' ? 'reset' : 'hang' }
			: undefined;
	send(200, file.contentType, bytes, interrupt);
}
