// Shared set-up for the gateway tests: one gateway per test file, an axios client that
import { createHash } from 'node:crypto';
// never throws on HTTP status, and small request helpers.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { startGateway, type GatewayOptions, type TestGateway } from '../tools/gateway';
import { crc32 } from '../tools/gateway/images/crc32';

export interface Harness {
	gw: TestGateway;
	http: AxiosInstance;
	auth: Record<string, string>;
}

/** Starts a gateway before the file's tests, resets it between tests, closes it after. */
export function useGateway(options?: GatewayOptions): Harness {
	const h = {} as Harness;
	beforeAll(async () => {
		h.gw = await startGateway(options);
		h.http = axios.create({
			baseURL: h.gw.baseUrl,
			validateStatus: () => true,
			timeout: 10000,
			proxy: false,
		});
		h.auth = { Authorization: `Bearer ${h.gw.apiKey}` };
	});
	afterEach(() => h.gw.reset());
	afterAll(async () => {
		await h.gw.close();
	});
	return h;
}

export function post(
	h: Harness,
	path: string,
	body: unknown,
	headers: Record<string, string> = h.auth,
): Promise<AxiosResponse> {
	return h.http.post(path, body, { headers });
}

/** DGrid's error shape: message ends with the request id, which is also in the header. */
export function expectDgridError(res: AxiosResponse, status: number, code?: string | null): void {
	expect(res.status).toBe(status);
	const id = res.headers['x-oneapi-request-id'];
	expect(typeof id).toBe('string');
	expect(res.data.error.message).toMatch(new RegExp(`\\(request id: ${id}\\)$`));
	expect(typeof res.data.error.type).toBe('string');
	expect(res.data.error).toHaveProperty('param');
	if (code !== undefined) expect(res.data.error.code).toBe(code);
}

export function b64(buf: Buffer): string {
	return buf.toString('base64');
}

/** Builds a multipart/form-data body by hand (so the test controls every byte). */
export function multipart(
	parts: Array<{
		name: string;
		value?: string;
		filename?: string;
		contentType?: string;
		data?: Buffer;
	}>,
	boundary = '----dgridTestBoundary7MA4YWxkTrZu0gW',
): { body: Buffer; contentType: string } {
	const chunks: Buffer[] = [];
	for (const p of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
		if (p.filename !== undefined)
			head += `; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}`;
		chunks.push(
			Buffer.from(`${head}\r\n\r\n`),
			p.data ?? Buffer.from(p.value ?? ''),
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Byte identity as a short string: jest's deep equality on large Buffers is slow. */
export function digest(buf: Buffer | Uint8Array): string {
	return `${createHash('sha256').update(buf).digest('hex')}:${buf.length}`;
}

/** A PNG's chunks in file order, each with whether its CRC is right. */
export function pngChunks(buf: Buffer): Array<{ type: string; data: Buffer; crcOk: boolean }> {
	const out = [];
	let pos = 8;
	while (pos < buf.length) {
		const len = buf.readUInt32BE(pos);
		const type = buf.toString('latin1', pos + 4, pos + 8);
		const data = buf.subarray(pos + 8, pos + 8 + len);
		const crc = buf.readUInt32BE(pos + 8 + len);
		out.push({ type, data, crcOk: crc === crc32(buf.subarray(pos + 4, pos + 8), data) });
		pos += 12 + len;
	}
	return out;
}
