// data:<mime>[;param=value…][;base64],<payload> — gateways add parameters such as ;name=…
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;

/** Bytes of a `data:` URL, or undefined when `url` is not one. Never throws. */
export function decodeDataUrl(url: string): { data: Buffer; mimeType: string } | undefined {
	const match = DATA_URL.exec(url.trim());
	if (!match) return undefined;
	const [, mimeType, parameters, payload] = match;
	const isBase64 = /;base64$/i.test(parameters);
	return {
		data: isBase64 ? Buffer.from(payload.replace(/\s+/g, ''), 'base64') : percentDecoded(payload),
		mimeType: mimeType || 'application/octet-stream',
	};
}

function percentDecoded(payload: string): Buffer {
	try {
		return Buffer.from(decodeURIComponent(payload), 'utf8');
	} catch {
		return Buffer.alloc(0); // malformed %-escapes: no bytes, which the output path reports as not an image
	}
}

/** Bytes as a data: URL, the way JSON request bodies carry input files. */
export const toDataUrl = (data: Buffer, mimeType: string) =>
	`data:${mimeType};base64,${data.toString('base64')}`;
