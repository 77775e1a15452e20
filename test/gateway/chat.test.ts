// POST /v1/chat/completions — images as markdown data URLs; streaming as SSE chunks.
import { makeImage, sniffImage, toDataUrl } from '../tools/gateway';
import { expectDgridError, post, useGateway, digest } from './helpers';

const h = useGateway();
const chat = (body: object) => post(h, '/v1/chat/completions', body);
const user = (content: unknown) => ({
	model: 'gemini-2.5-flash-image',
	messages: [{ role: 'user', content }],
});
const DATA_URL_IMAGE = /!\[image\]\((data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/=]+))\)/g;

describe('non-streaming', () => {
	it('puts the image in message.content as markdown with a data URL', async () => {
		const res = await chat(user('draw a cat'));
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			object: 'chat.completion',
			model: 'gemini-2.5-flash-image',
			id: expect.stringMatching(/^chatcmpl-/),
		});
		const choice = res.data.choices[0];
		expect(choice).toMatchObject({
			index: 0,
			finish_reason: 'stop',
			message: { role: 'assistant' },
		});
		expect(choice.message.content).toMatch(
			/^Here is your image:\n!\[image\]\(data:image\/png;base64,/,
		);
		const [m] = [...choice.message.content.matchAll(DATA_URL_IMAGE)];
		const bytes = Buffer.from(m[3], 'base64');
		expect(digest(bytes)).toBe(digest(h.gw.produced[0].bytes));
		expect(res.data.usage).toMatchObject({
			prompt_tokens: expect.any(Number),
			completion_tokens: expect.any(Number),
			total_tokens: expect.any(Number),
		});
	});

	it('takes content parts with data-URL images and the snake_case image_config', async () => {
		const res = await chat({
			...user([
				{ type: 'text', text: 'make it wide' },
				{
					type: 'image_url',
					image_url: { url: toDataUrl(makeImage('png', { width: 10, height: 10 }), 'image/png') },
				},
				{ type: 'image_url', image_url: { url: 'https://example.com/x.jpg' } },
			]),
			extra_body: { google: { image_config: { aspect_ratio: '21:9', image_size: '1K' } } },
		});
		expect(res.status).toBe(200);
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 27 });
	});

	it('camelCase keys in image_config are ignored (default 1:1)', async () => {
		await chat({ ...user('x'), extra_body: { google: { image_config: { aspectRatio: '16:9' } } } });
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 64 });
	});

	it('a non-image model answers text only', async () => {
		const res = await chat({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
		expect(res.data.choices[0].message.content).not.toMatch(/!\[image\]/);
		expect(h.gw.produced).toHaveLength(0);
	});

	it.each([
		[{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
		[{ model: 'gemini-2.5-flash-image' }, 'messages'],
		[{ model: 'gemini-2.5-flash-image', messages: [] }, 'messages'],
		[
			{ model: 'gemini-2.5-flash-image', messages: [{ role: 'robot', content: 'x' }] },
			'messages[0].role',
		],
		[user([{ type: 'image', url: 'x' }]), 'messages[0].content[0].type'],
		[
			user([{ type: 'image_url', image_url: { url: 'data:image/png;base64,PGh0bWw+' } }]),
			'messages[0].content[0].image_url.url',
		],
		[
			user([{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }]),
			'messages[0].content[0].image_url.url',
		],
		[{ ...user('x'), stream: 'yes' }, 'stream'],
		[
			{ ...user('x'), extra_body: { google: { image_config: { aspect_ratio: '5:1' } } } },
			'extra_body.google.image_config.aspect_ratio',
		],
	])('%j → 400 naming %s', async (body, param) => {
		const res = await chat(body);
		expectDgridError(res, 400);
		expect(res.data.error.param).toBe(param);
	});
});

describe('streaming', () => {
	it('sends role, text, one whole-image chunk, finish, usage with choices [], then [DONE]', async () => {
		const res = await h.http.post(
			'/v1/chat/completions',
			{ ...user('x'), stream: true },
			{ headers: h.auth, responseType: 'text' },
		);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
		const raw = res.data as string;
		expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
		const events = raw.split('\n\n').filter(Boolean);
		expect(events.every((e) => e.startsWith('data: '))).toBe(true);
		const payloads = events.map((e) => e.slice(6));
		expect(payloads.pop()).toBe('[DONE]');
		const chunks = payloads.map((p) => JSON.parse(p));
		expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
		const usage = chunks.pop();
		expect(usage.choices).toEqual([]);
		expect(usage.usage.total_tokens).toEqual(expect.any(Number));
		const finish = chunks.pop();
		expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		const contents: string[] = chunks.map((c) => c.choices[0].delta.content);
		const imageChunks = contents.filter((c) => c.includes('![image]('));
		expect(imageChunks).toHaveLength(1);
		expect(imageChunks[0]).toMatch(/^!\[image\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\)$/);
		const joined = contents.join('');
		expect(joined).toMatch(/^Here is your image:\n!\[image\]/);
		const b64 = /base64,([^)]+)\)/.exec(joined)![1];
		expect(sniffImage(Buffer.from(b64, 'base64'))?.format).toBe('png');
		expect(digest(Buffer.from(b64, 'base64'))).toBe(digest(h.gw.produced[0].bytes));
	});

	it('arrives as several writes (events are flushed one by one)', async () => {
		const res = await h.http.post(
			'/v1/chat/completions',
			{ ...user('x [dgrid:images=2]'), stream: true },
			{ headers: h.auth, responseType: 'stream' },
		);
		let reads = 0;
		let text = '';
		for await (const chunk of res.data as AsyncIterable<Buffer>) {
			reads++;
			text += chunk.toString();
		}
		expect(reads).toBeGreaterThan(1);
		expect(text.match(/!\[image\]/g)).toHaveLength(2);
	});
});
