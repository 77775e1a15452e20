/**
 * Finds where a base64 data URL starts in a text that arrives in pieces: `data:<mime>[;k=v…];base64,`.
 * Chat answers put images inside their markdown (`![image](data:image/png;base64,…)`), so the
 * prefix can be anywhere; only what follows it is the image.
 */

export interface DataUrlPrefix {
	/** Index of `data:` in the text. */
	start: number;
	/** Index just after `base64,`: the image's base64 starts here. */
	end: number;
	mimeType: string;
	/** Everything between the MIME type and `;base64`, e.g. `;name=cat.png`. */
	parameters: string;
}

/** Longest prefix looked for: MIME types and parameters are short; an unbounded look-back is not. */
export const LONGEST_PREFIX = 512;

// Characters that end a URL in markdown, HTML or prose never belong to the prefix.
const PREFIX = /^data:([^;,\s"'()<>[\]]*)((?:;[^;,\s"'()<>[\]]*)*);base64,$/i;

/**
 * The first data URL prefix in `text` whose `;base64,` ends after `from` (the text before it was
 * searched already), starting no earlier than `floor`.
 */
export function findDataUrlPrefix(
	text: string,
	from: number,
	floor: number,
): DataUrlPrefix | undefined {
	const marker = /;base64,/gi;
	marker.lastIndex = Math.max(floor, from - ';base64,'.length + 1);
	for (let found = marker.exec(text); found; found = marker.exec(text)) {
		const lookBackFrom = Math.max(floor, found.index - LONGEST_PREFIX);
		const start = text.slice(lookBackFrom, found.index).toLowerCase().lastIndexOf('data:');
		if (start < 0) continue;
		const end = found.index + found[0].length;
		const match = PREFIX.exec(text.slice(lookBackFrom + start, end));
		if (match)
			return { start: lookBackFrom + start, end, mimeType: match[1], parameters: match[2] };
	}
	return undefined;
}
