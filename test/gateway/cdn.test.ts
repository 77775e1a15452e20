// The CDN server: serves URL results and hosted images, records Authorization presence,
// and fails on demand.
import axios from 'axios';
import { makeImage, sniffImage } from '../tools/gateway';
import { post, useGateway, digest } from './helpers';

const h = useGateway();
const get = (url: string, headers: Record<string, string> = {}) =>
	axios.get(url, {
		responseType: 'arraybuffer',
		validateStatus: () => true,
		proxy: false,
		headers,
	});

describe('CDN', () => {
	it('serves generated URL results with their content type and records no Authorization', async () => {
		const res = await post(h, '/v1/images/generations', { prompt: 'x', model: 'dall-e-2', n: 2 });
		const urls: string[] = res.data.data.map((d: { url: string }) => d.url);
		for (const [i, url] of urls.entries()) {
			const img = await get(url);
			expect(img.status).toBe(200);
			expect(img.headers['content-type']).toBe('image/png');
			expect(digest(Buffer.from(img.data))).toBe(digest(h.gw.produced[i].bytes));
		}
		expect(h.gw.cdnRequests).toHaveLength(2);
		expect(h.gw.cdnRequests.every((r) => !r.hadAuthorization && r.status === 200)).toBe(true);
		expect(h.gw.cdnRequests[0].path).toBe(new URL(urls[0]).pathname);
	});

	it('records when an Authorization header was sent (a key leak)', async () => {
		const url = h.gw.hostImage(makeImage('jpeg', { width: 8, height: 8 }), 'jpg');
		const img = await get(url, { Authorization: 'Bearer leaked' });
		expect(img.headers['content-type']).toBe('image/jpeg');
		expect(h.gw.cdnRequests[0]).toMatchObject({ hadAuthorization: true, status: 200 });
		expect(h.gw.cdnRequests[0].headers.authorization).toBe('Bearer leaked');
		// CDN downloads are not API requests
		expect(h.gw.requests).toHaveLength(0);
	});

	it('hostImage serves the exact bytes; unknown ids are 404', async () => {
		const bytes = makeImage('webp', { width: 5, height: 6 });
		const url = h.gw.hostImage(bytes, '.webp');
		expect(url.startsWith(`${h.gw.cdnBaseUrl}/images/`)).toBe(true);
		const img = await get(url);
		expect(digest(Buffer.from(img.data))).toBe(digest(bytes));
		expect(img.headers['content-type']).toBe('image/webp');
		expect((await get(`${h.gw.cdnBaseUrl}/images/nope.png`)).status).toBe(404);
		expect((await get(`${h.gw.cdnBaseUrl}/elsewhere`)).status).toBe(404);
	});

	it('cdnStatus and cdnNotImage faults hit the next download only, not API calls', async () => {
		const url = h.gw.hostImage(makeImage('png', { width: 4, height: 4 }), 'png');
		h.gw.queueFault({ kind: 'cdnStatus', status: 404 });
		h.gw.queueFault({ kind: 'cdnNotImage' });
		expect((await post(h, '/v1/images/generations', { prompt: 'x' })).status).toBe(200);
		expect((await get(url)).status).toBe(404);
		const html = await get(url);
		expect(html.status).toBe(200);
		expect(html.headers['content-type']).toMatch(/text\/html/);
		expect(sniffImage(Buffer.from(html.data))).toBeUndefined();
		const ok = await get(url);
		expect(sniffImage(Buffer.from(ok.data))?.format).toBe('png');
		expect(h.gw.cdnRequests.map((r) => r.status)).toEqual([404, 200, 200]);
	});

	it('cdnNotImage can lie about the content type', async () => {
		const url = h.gw.hostImage(makeImage('png', { width: 4, height: 4 }), 'png');
		h.gw.queueFault({ kind: 'cdnNotImage', contentType: 'image/png' });
		const res = await get(url);
		expect(res.headers['content-type']).toBe('image/png');
		expect(Buffer.from(res.data).toString()).toMatch(/^<!DOCTYPE html>/);
	});

	it('reset and hang with route "cdn" apply to downloads', async () => {
		const url = h.gw.hostImage(makeImage('png', { width: 4, height: 4 }), 'png');
		h.gw.queueFault({ kind: 'reset', route: 'cdn' });
		await expect(axios.get(url, { proxy: false })).rejects.toThrow();
		h.gw.queueFault({ kind: 'hang', route: 'cdn' });
		const err = await axios.get(url, { proxy: false, timeout: 200 }).catch((e: unknown) => e);
		expect(axios.isAxiosError(err) && err.code).toBe('ECONNABORTED');
	});
});
