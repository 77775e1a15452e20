// multipart/form-data parser (RFC 7578) for recorded requests and /v1/images/edits.
// Works on the whole buffered body; bounded by the number of parts it accepts.

export interface MultipartFile {
	name: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string | string[]>;
	files: MultipartFile[];
}

const MAX_PARTS = 1000;

export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : undefined;
}

function headerParam(header: string, name: string): string | undefined {
	// name="value" (quoted, may contain ';') or name=value; filename* (RFC 5987) is preferred when present.
	const star = new RegExp(`(?:^|;)\\s*${name}\\*=(?:UTF-8|utf-8)''([^;]+)`, 'i').exec(header);
	if (star) return decodeURIComponent(star[1]);
	const m = new RegExp(`(?:^|;)\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
	if (!m) return undefined;
	return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].trim();
}

/** Throws with a readable message when the body is not well-formed multipart. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
	const delimiter = Buffer.from(`--${boundary}`);
	const fields: Record<string, string | string[]> = {};
	const files: MultipartFile[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new Error('multipart body has no boundary line');
	for (let parts = 0; parts < MAX_PARTS; parts++) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString('latin1') === '--') return { fields, files }; // closing delimiter
		if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n')
			throw new Error('malformed multipart delimiter');
		pos += 2;
		const headerEnd = body.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) throw new Error('multipart part without header end');
		const headers = new Map<string, string>();
		for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon > 0)
				headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
		}
		const dataStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
		if (next < 0) throw new Error('multipart part is not terminated');
		const data = body.subarray(dataStart, next);
		const disposition = headers.get('content-disposition') ?? '';
		const name = headerParam(disposition, 'name');
		if (!/^form-data/i.test(disposition) || name === undefined)
			throw new Error('multipart part without a form-data name');
		const filename = headerParam(disposition, 'filename');
		if (filename !== undefined) {
			files.push({
				name,
				filename,
				contentType: headers.get('content-type') ?? 'application/octet-stream',
				data: Buffer.from(data),
			});
		} else {
			const value = data.toString('utf8');
			const prev = fields[name];
			fields[name] =
				prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
		}
		pos = next + 2;
	}
	throw new Error('too many multipart parts');
}
