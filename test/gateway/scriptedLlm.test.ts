// The scripted LLM: OpenAI Chat Completions for n8n's AI Agent — a tool call first, then the images as text.
import { Agent } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { startScriptedLlm, type ScriptedLlm } from '../tools/gateway';

let llm: ScriptedLlm;
let http: AxiosInstance;

beforeAll(async () => {
	llm = await startScriptedLlm();
	http = axios.create({
		baseURL: llm.baseUrl,
		validateStatus: () => true,
		timeout: 10000,
		proxy: false,
	});
});
afterEach(() => {
	llm.requests.length = 0;
});
afterAll(async () => {
	await llm.close();
});

const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Calculator',
			description: 'math',
			parameters: { type: 'object', properties: { expression: { type: 'string' } } },
		},
	},
	{
		type: 'function',
		function: {
			name: 'DGrid_Images',
			description: 'Generates images',
			parameters: {
				type: 'object',
				properties: {
					Prompt: { type: 'string' },
					Number_of_Images: { type: 'number' },
					Seed: { type: 'integer' },
					Fast: { type: 'boolean' },
				},
				required: ['Prompt'],
			},
		},
	},
];
const MARKDOWN = '![a fox](http://localhost:5678/rest/binary-data/signed?token=abc)';

const system = { role: 'system', content: 'You are a helpful assistant' };
const firstTurn = (text: unknown) => [system, { role: 'user', content: text }];
const afterTool = (toolContent: string) => [
	system,
	{ role: 'user', content: 'a fox' },
	{
		role: 'assistant',
		content: null,
		tool_calls: [
			{
				id: 'call_1',
				type: 'function',
				function: { name: 'DGrid_Images', arguments: '{"Prompt":"a fox"}' },
			},
		],
	},
	{ role: 'tool', tool_call_id: 'call_1', content: toolContent },
];
const chat = (body: object) =>
	http.post(
		'/chat/completions',
		{ model: 'gpt-4o-mini', ...body },
		{ headers: { Authorization: 'Bearer whatever' } },
	);

/** Parses an SSE body into its JSON chunks; checks it ends with [DONE]. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk chunks of known shape
function sseChunks(raw: string): any[] {
	expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
	const events = raw.split('\n\n').filter(Boolean);
	expect(events.every((e) => e.startsWith('data: '))).toBe(true);
	const payloads = events.map((e) => e.slice(6));
	expect(payloads.pop()).toBe('[DONE]');
	return payloads.map((p) => JSON.parse(p));
}

describe('server', () => {
	it('listens on 127.0.0.1 and its baseUrl ends in /v1', () => {
		expect(llm.baseUrl).toBe(`http://127.0.0.1:${llm.port}/v1`);
		expect(llm.port).toBeGreaterThan(0);
	});

	it('GET /v1/models lists gpt-4o-mini', async () => {
		const res = await http.get('/models');
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			object: 'list',
			data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'scripted' }],
		});
	});

	it('POST /v1/responses → 400 saying to turn off the Responses API', async () => {
		const res = await http.post('/responses', { model: 'gpt-4o-mini', input: 'hi' });
		expect(res.status).toBe(400);
		expect(res.data.error.type).toBe('invalid_request_error');
		expect(res.data.error.message).toBe(
			'The scripted LLM plays Chat Completions only: turn off "Use Responses API" in the OpenAI Chat Model node',
		);
	});

	it('anything else → 404 OpenAI-style error', async () => {
		const res = await http.post('/embeddings', { input: 'x' });
		expect(res.status).toBe(404);
		expect(res.data.error).toMatchObject({
			type: 'invalid_request_error',
			message: expect.stringContaining('/v1/embeddings'),
		});
	});

	it('records every request with its path and parsed body', async () => {
		const before = Date.now();
		await chat({ messages: firstTurn('hi') });
		await http.get('/models');
		expect(llm.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/models']);
		expect(llm.requests[0].body).toEqual({ model: 'gpt-4o-mini', messages: firstTurn('hi') });
		expect(llm.requests[0].receivedAt).toBeGreaterThanOrEqual(before);
	});

	it('close() ends the server: later requests fail to connect', async () => {
		const other = await startScriptedLlm();
		// No keep-alive: a reused socket closed by close() would give ECONNRESET instead of a refused connection.
		const c = axios.create({
			baseURL: other.baseUrl,
			validateStatus: () => true,
			timeout: 5000,
			proxy: false,
			httpAgent: new Agent({ keepAlive: false }),
		});
		expect((await c.get('/models')).status).toBe(200);
		await other.close();
		await expect(c.get('/models')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
	});
});

describe('non-streaming', () => {
	it('first turn with tools → one call to the DGrid tool, arguments filled from its schema', async () => {
		const res = await chat({
			messages: firstTurn('draw a red fox'),
			tools: TOOLS,
			tool_choice: 'auto',
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			object: 'chat.completion',
			model: 'gpt-4o-mini',
			id: expect.stringMatching(/^chatcmpl-/),
			created: expect.any(Number),
		});
		const choice = res.data.choices[0];
		expect(choice).toMatchObject({
			index: 0,
			finish_reason: 'tool_calls',
			logprobs: null,
			message: { role: 'assistant', content: null },
		});
		expect(choice.message.tool_calls).toHaveLength(1);
		const call = choice.message.tool_calls[0];
		expect(call).toMatchObject({
			id: expect.stringMatching(/^call_\w+$/),
			type: 'function',
			function: { name: 'DGrid_Images' },
		});
		expect(JSON.parse(call.function.arguments)).toEqual({
			Prompt: 'draw a red fox',
			Number_of_Images: 1,
			Seed: 1,
			Fast: false,
		});
		expect(res.data.usage).toEqual({
			prompt_tokens: expect.any(Number),
			completion_tokens: expect.any(Number),
			total_tokens: res.data.usage.prompt_tokens + res.data.usage.completion_tokens,
		});
		expect(res.data.usage.prompt_tokens).toBeGreaterThan(0);
	});

	it('without a /dgrid/ tool calls tools[0]; takes the text of content parts', async () => {
		const res = await chat({
			messages: firstTurn([
				{ type: 'text', text: 'two plus two' },
				{ type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
			]),
			tools: [TOOLS[0]],
		});
		const call = res.data.choices[0].message.tool_calls[0];
		expect(call.function.name).toBe('Calculator');
		expect(JSON.parse(call.function.arguments)).toEqual({ expression: 'two plus two' });
	});

	it('only looks at the turn after the last user message (an older tool result does not count)', async () => {
		const messages = [
			...afterTool('[{"markdown":"old"}]'),
			{ role: 'assistant', content: 'done' },
			{ role: 'user', content: 'another one' },
		];
		const res = await chat({ messages, tools: TOOLS });
		expect(res.data.choices[0].finish_reason).toBe('tool_calls');
		expect(JSON.parse(res.data.choices[0].message.tool_calls[0].function.arguments).Prompt).toBe(
			'another one',
		);
	});

	it('after a tool result → text with the markdown the tool returned', async () => {
		const res = await chat({
			messages: afterTool(JSON.stringify([{ markdown: MARKDOWN, fileSize: 123 }])),
			tools: TOOLS,
		});
		expect(res.status).toBe(200);
		expect(res.data.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { role: 'assistant', content: `Here is your image:\n\n${MARKDOWN}` },
		});
		expect(res.data.choices[0].message.tool_calls).toBeUndefined();
	});

	it('several images: every markdown value, deeply, joined by blank lines', async () => {
		const content = JSON.stringify([
			{ markdown: '![1](http://a/1)' },
			{ nested: { images: [{ markdown: '![2](http://a/2)' }] } },
		]);
		const res = await chat({ messages: afterTool(content), tools: TOOLS });
		expect(res.data.choices[0].message.content).toBe(
			'Here is your image:\n\n![1](http://a/1)\n\n![2](http://a/2)',
		);
	});

	it('no markdown → links (under link or url) as markdown images', async () => {
		const content = JSON.stringify([
			{ link: 'https://cdn.example/fox.png', fileName: 'fox.png' },
			{ data: { url: 'http://cdn.example/fox2.png' } },
			{ url: 'data:image/png;base64,xx' },
		]);
		const res = await chat({ messages: afterTool(content), tools: TOOLS });
		expect(res.data.choices[0].message.content).toBe(
			'Here is your image:\n\n![image](https://cdn.example/fox.png)\n\n![image](http://cdn.example/fox2.png)',
		);
	});

	it('neither → "The tool said: " and the first 1000 characters of the tool output', async () => {
		const content = JSON.stringify({ error: 'quota exceeded', detail: 'x'.repeat(2000) });
		const res = await chat({ messages: afterTool(content), tools: TOOLS });
		expect(res.data.choices[0].message.content).toBe(`The tool said: ${content.slice(0, 1000)}`);
		const plain = await chat({ messages: afterTool('There was an error: boom'), tools: TOOLS });
		expect(plain.data.choices[0].message.content).toBe('The tool said: There was an error: boom');
	});

	it('no tools → the greeting', async () => {
		const res = await chat({ messages: firstTurn('hi') });
		expect(res.data.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { role: 'assistant', content: 'Hello from the scripted LLM.' },
		});
	});
});

describe('streaming', () => {
	const stream = (body: object) =>
		http.post(
			'/chat/completions',
			{ model: 'gpt-4o-mini', stream: true, ...body },
			{ responseType: 'text' },
		);

	it('a tool call: header chunk with id and name, then the arguments, then finish_reason tool_calls', async () => {
		const res = await stream({ messages: firstTurn('a blue whale'), tools: TOOLS });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
		const chunks = sseChunks(res.data);
		expect(
			chunks.every((c) => c.object === 'chat.completion.chunk' && /^chatcmpl-/.test(c.id)),
		).toBe(true);
		expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
		const finish = chunks.pop();
		expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
		expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: null });
		// Reassemble the tool call as LangChain does: by index, name/id from the first, arguments concatenated.
		const calls: Record<number, { id?: string; name?: string; args: string }> = {};
		for (const c of chunks) {
			expect(c.choices[0].finish_reason).toBeNull();
			for (const tc of c.choices[0].delta.tool_calls ?? []) {
				const slot = (calls[tc.index] ??= { args: '' });
				if (tc.id) slot.id = tc.id;
				if (tc.function?.name) slot.name = tc.function.name;
				slot.args += tc.function?.arguments ?? '';
			}
		}
		expect(Object.keys(calls)).toEqual(['0']);
		expect(calls[0]).toMatchObject({ id: expect.stringMatching(/^call_/), name: 'DGrid_Images' });
		expect(JSON.parse(calls[0].args)).toEqual({
			Prompt: 'a blue whale',
			Number_of_Images: 1,
			Seed: 1,
			Fast: false,
		});
		expect(res.data).not.toMatch(/"usage"/);
	});

	it('text: role chunk, the text in 2–3 pieces, finish, usage (include_usage) with choices [], then [DONE]', async () => {
		const content = JSON.stringify([{ markdown: MARKDOWN, fileSize: 123 }]);
		const res = await stream({
			messages: afterTool(content),
			tools: TOOLS,
			stream_options: { include_usage: true },
		});
		const chunks = sseChunks(res.data);
		const usage = chunks.pop();
		expect(usage.choices).toEqual([]);
		expect(usage.usage).toEqual({
			prompt_tokens: expect.any(Number),
			completion_tokens: expect.any(Number),
			total_tokens: usage.usage.prompt_tokens + usage.usage.completion_tokens,
		});
		expect(usage.usage.completion_tokens).toBe(
			Math.ceil(`Here is your image:\n\n${MARKDOWN}`.length / 4),
		);
		const finish = chunks.pop();
		expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
		expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
		const pieces = chunks.slice(1).map((c) => c.choices[0].delta.content as string);
		expect(pieces.length).toBeGreaterThanOrEqual(2);
		expect(pieces.length).toBeLessThanOrEqual(3);
		expect(pieces.join('')).toBe(`Here is your image:\n\n${MARKDOWN}`);
	});

	it('the greeting streams too, and the request is recorded with stream: true', async () => {
		const res = await stream({ messages: firstTurn('hi') });
		const chunks = sseChunks(res.data);
		chunks.pop();
		expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(
			'Hello from the scripted LLM.',
		);
		expect(llm.requests).toHaveLength(1);
		expect(llm.requests[0]).toMatchObject({ path: '/v1/chat/completions', body: { stream: true } });
	});
});
