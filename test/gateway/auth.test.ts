// Which credentials each route accepts, and that the received key is never echoed.
import { expectDgridError, post, useGateway } from './helpers';

const KEY = 'sk-auth-test-key-42';
const WRONG = 'sk-wrong-key-DO-NOT-ECHO';
const h = useGateway({ apiKey: KEY });

const genBody = { prompt: 'x', model: 'dall-e-2', response_format: 'b64_json' };
const chatBody = { model: 'gemini-2.5-flash-image', messages: [{ role: 'user', content: 'x' }] };
const gcBody = { contents: [{ parts: [{ text: 'x' }] }] };
const gcPath = '/v1/models/gemini-2.5-flash-image:generateContent';

function expectNoEcho(data: unknown): void {
	expect(JSON.stringify(data)).not.toContain(WRONG);
	expect(JSON.stringify(data)).not.toContain(KEY);
}

describe('Bearer-only routes', () => {
	it.each([
		['/v1/images/generations', genBody],
		['/v1/chat/completions', chatBody],
	])('%s accepts Bearer, rejects x-api-key, wrong and missing keys', async (path, body) => {
		expect((await post(h, path, body, { Authorization: `Bearer ${KEY}` })).status).toBe(200);
		const viaXApiKey = await post(h, path, body, { 'x-api-key': KEY });
		expectDgridError(viaXApiKey, 401);
		const wrong = await post(h, path, body, { Authorization: `Bearer ${WRONG}` });
		expectDgridError(wrong, 401, '');
		expect(wrong.data.error.message).toMatch(/^Invalid token \(request id: /);
		expectNoEcho(wrong.data);
		const none = await post(h, path, body, {});
		expectDgridError(none, 401);
		expect(none.data.error.type).toBe('new_api_error');
	});

	it('/v1/images/edits rejects x-api-key', async () => {
		const res = await post(
			h,
			'/v1/images/edits',
			{ prompt: 'x', images: [{ image_url: 'https://example.com/a.png' }] },
			{ 'x-api-key': KEY },
		);
		expectDgridError(res, 401);
	});

	it('GET /v1/models takes Bearer only', async () => {
		expect(
			(await h.http.get('/v1/models', { headers: { Authorization: `Bearer ${KEY}` } })).status,
		).toBe(200);
		expect((await h.http.get('/v1/models', { headers: { 'x-api-key': KEY } })).status).toBe(401);
		expect((await h.http.get(`/v1/models?key=${KEY}`)).status).toBe(401);
	});

	it('the recorded request keeps the Authorization header as received', async () => {
		await post(h, '/v1/images/generations', genBody, { Authorization: `Bearer ${WRONG}` });
		expect(h.gw.requests[0].authorization).toBe(`Bearer ${WRONG}`);
		expect(h.gw.requests[0].status).toBe(401);
	});
});

describe('generateContent credentials', () => {
	it.each([
		['Bearer', { Authorization: `Bearer ${KEY}` }],
		['x-api-key', { 'x-api-key': KEY }],
		['x-goog-api-key', { 'x-goog-api-key': KEY }],
	])('accepts %s', async (_name, headers) => {
		const res = await post(h, gcPath, gcBody, headers as Record<string, string>);
		expect(res.status).toBe(200);
		expect(res.data.candidates).toHaveLength(1);
	});

	it('accepts ?key=', async () => {
		const res = await post(h, `${gcPath}?key=${KEY}`, gcBody, {});
		expect(res.status).toBe(200);
		expect(h.gw.requests[0].query).toEqual({ key: KEY });
	});

	it('rejects a wrong ?key= without echoing it, and a missing key', async () => {
		const res = await post(h, `${gcPath}?key=${WRONG}`, gcBody, {});
		expectDgridError(res, 401);
		expectNoEcho(res.data);
		expectDgridError(await post(h, gcPath, gcBody, {}), 401);
		expectDgridError(await post(h, gcPath, gcBody, { 'x-goog-api-key': WRONG }), 401);
	});

	it('a 404 for an unknown path does not echo ?key= either', async () => {
		const res = await post(h, `/v1/models/x:streamGenerateContent?key=${WRONG}`, gcBody, {});
		expectDgridError(res, 404);
		expectNoEcho(res.data);
	});
});
