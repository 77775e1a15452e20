// queueResponse(): a test-scripted answer replaces the gateway's own for one request.
import type { Reply } from './reply';
import type { ScriptedResponse } from './types';

export function scriptedReply(s: ScriptedResponse): Reply {
	const status = s.status ?? 200;
	const headers = { ...(s.headers ?? {}) };
	if (s.sse !== undefined) return { kind: 'sse', status, events: s.sse, headers };
	if (s.raw !== undefined) return { kind: 'raw', status, body: s.raw, headers };
	if (s.json !== undefined) return { kind: 'json', status, body: s.json, headers };
	return { kind: 'raw', status, body: '', headers };
}
