// Prompt directives: `[dgrid:…]` tokens in a request's text let workflows running in a real
// n8n (where no test code can call queueFault) ask the gateway for a behaviour.
// See README.md for the list.
import { NEW_API_ERROR_CODES } from './errors';
import { MAX_LARGE_IMAGE_BYTES, type ImageFormat } from './images';
import type { NewApiErrorCode } from './types';

export type DirectiveFaultKind =
	| 'errorIn200'
	| 'malformedJson'
	| 'truncatedBase64'
	| 'reset'
	| 'hang'
	| 'cut'
	| 'stall'
	| 'echoKey'
	| 'echoKeyInAnswer'
	| 'asyncTimeout';

export interface Directives {
	refuse: boolean;
	/** `[dgrid:refuse=prompt]`, `[dgrid:refuse=IMAGE_SAFETY]`…: route-specific refusal variant. */
	refuseMode?: string;
	/** `[dgrid:mislabel]`: declared MIME type differs from the bytes (Gemini inlineData, chat data URLs). */
	mislabel: boolean;
	/** `[dgrid:status=429]` or `[dgrid:status=503*2]` (only the first 2 matching requests). */
	status?: { status: number; times?: number; token: string };
	retryAfter?: string;
	fault?: { kind: DirectiveFaultKind; times?: number; token: string };
	/** `[dgrid:after=3]`: where a cut or stall fault breaks the answer off (SSE events, else bytes). */
	after?: number;
	/** `[dgrid:error=convert_request_failed]` (also `*N`): New API's answer for that code. */
	error?: { code: NewApiErrorCode; times?: number; token: string };
	images?: number;
	format?: ImageFormat;
	delayMs?: number;
	/** `[dgrid:bytes=8000000]`: images of about that many bytes (a large PNG). */
	bytes?: number;
}

const FAULT_KINDS: DirectiveFaultKind[] = [
	'errorIn200',
	'malformedJson',
	'truncatedBase64',
	'reset',
	'hang',
	'cut',
	'stall',
	'echoKey',
	'echoKeyInAnswer',
	'asyncTimeout',
];
const TOKEN = /\[dgrid:([a-zA-Z-]+)(?:=([^\]\s]{1,40}))?\]/g;

function withTimes(value: string): { value: string; times?: number } {
	const m = /^(.+)\*(\d{1,3})$/.exec(value);
	return m ? { value: m[1], times: Number(m[2]) } : { value };
}

/** Reads directives from text (the raw body is scanned, so every route and body shape works). */
export function parseDirectives(text: string): Directives {
	const d: Directives = { refuse: false, mislabel: false };
	// Bounded: at most 50 tokens are read.
	const matches = [...text.matchAll(TOKEN)].slice(0, 50);
	for (const m of matches) {
		const name = m[1].toLowerCase();
		const raw = m[2] ?? '';
		switch (name) {
			case 'refuse':
				d.refuse = true;
				if (raw) d.refuseMode = raw;
				break;
			case 'mislabel':
				d.mislabel = true;
				break;
			case 'status': {
				const { value, times } = withTimes(raw);
				const status = Number(value);
				if (Number.isInteger(status) && status >= 100 && status <= 599)
					d.status = { status, times, token: m[0] };
				break;
			}
			case 'retry-after':
				if (raw) d.retryAfter = raw;
				break;
			case 'fault': {
				const { value, times } = withTimes(raw);
				const kind = FAULT_KINDS.find((k) => k.toLowerCase() === value.toLowerCase());
				if (kind) d.fault = { kind, times, token: m[0] };
				break;
			}
			case 'after': {
				const n = Number(raw);
				if (Number.isInteger(n) && n >= 0 && n <= 100_000_000) d.after = n;
				break;
			}
			case 'error': {
				const { value, times } = withTimes(raw);
				const code = NEW_API_ERROR_CODES.find((c) => c === value.toLowerCase());
				if (code) d.error = { code, times, token: m[0] };
				break;
			}
			case 'images': {
				const n = Number(raw);
				if (Number.isInteger(n) && n >= 0 && n <= 16) d.images = n;
				break;
			}
			case 'format': {
				const f = raw.toLowerCase() === 'jpg' ? 'jpeg' : raw.toLowerCase();
				if (f === 'png' || f === 'jpeg' || f === 'webp') d.format = f;
				break;
			}
			case 'delay': {
				const ms = Number(raw);
				if (Number.isFinite(ms) && ms >= 0 && ms <= 600000) d.delayMs = ms;
				break;
			}
			case 'bytes': {
				const n = Number(raw);
				if (Number.isInteger(n) && n > 0 && n <= MAX_LARGE_IMAGE_BYTES) d.bytes = n;
				break;
			}
			default:
				break;
		}
	}
	return d;
}
