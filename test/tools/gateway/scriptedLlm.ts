// A "scripted LLM": a tiny HTTP server on 127.0.0.1 that plays OpenAI's Chat Completions API
// for n8n's real AI Agent (OpenAI Chat Model node → LangChain ChatOpenAI, Base URL pointed here).
// Script per turn (the messages after the last user message):
//   - no tool result yet and tools offered → one call to the first tool (a /dgrid/i one first),
//     every schema property filled in (strings get the user's text);
//   - a tool result → text that shows the images the tool reported (markdown, else links);
//   - no tools → a fixed greeting.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface ScriptedLlmRequest {
	path: string;
	/** The parsed JSON body (the raw text when it is not JSON; null when empty). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read request bodies of known shape
	body: any;
	receivedAt: number;
}

export interface ScriptedLlm {
	/** http://127.0.0.1:PORT/v1 — the credential's Base URL. */
	baseUrl: string;
	port: number;
	requests: ScriptedLlmRequest[];
	close(): Promise<void>;
}

export interface ScriptedLlmOptions {
	/** 0 (default) picks a free port. */
	port?: number;
}

export const SCRIPTED_LLM_GREETING = 'Hello from the scripted LLM.';
const RESPONSES_API_MESSAGE =
	'The scripted LLM plays Chat Completions only: turn off "Use Responses API" in the OpenAI Chat Model node';

type Body = Record<string, unknown>;

interface ToolCall {
	id: string;
	name: string;
	arguments: string;
}

type Answer = { kind: 'text'; text: string } | { kind: 'tool'; call: ToolCall };

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A message's text: content may be a string or an array of parts ({ type: 'text', text }). */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((p) =>
				typeof p === 'string' ? p : isRecord(p) && typeof p.text === 'string' ? p.text : '',
			)
			.filter((t) => t !== '')
			.join('\n');
	}
	return '';
}

function toolName(tool: unknown): string | undefined {
	if (!isRecord(tool)) return undefined;
	const fn = tool.function;
	if (isRecord(fn) && typeof fn.name === 'string') return fn.name;
	return typeof tool.name === 'string' ? tool.name : undefined;
}

function toolParameters(tool: unknown): Record<string, unknown> {
	if (!isRecord(tool)) return {};
	const fn = isRecord(tool.function) ? tool.function : tool;
	const params = fn.parameters;
	return isRecord(params) && isRecord(params.properties) ? params.properties : {};
}

/** A value for one JSON-schema property: strings get the user's text, numbers 1, booleans false. */
function valueFor(schema: unknown, userText: string): unknown {
	if (!isRecord(schema)) return userText;
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
	if ('const' in schema) return schema.const;
	const alternatives = (schema.anyOf ?? schema.oneOf) as unknown;
	if (Array.isArray(alternatives)) {
		const first = alternatives.find((a) => !(isRecord(a) && a.type === 'null'));
		if (first !== undefined) return valueFor(first, userText);
	}
	const types = Array.isArray(schema.type) ? schema.type : [schema.type];
	const type = types.find((t) => t !== 'null');
	switch (type) {
		case 'number':
		case 'integer':
			return 1;
		case 'boolean':
			return false;
		case 'array':
			return [];
		case 'object': {
			const out: Record<string, unknown> = {};
			if (isRecord(schema.properties)) {
				for (const [k, v] of Object.entries(schema.properties)) out[k] = valueFor(v, userText);
			}
			return out;
		}
		default:
			return userText;
	}
}

function randomId(prefix: string): string {
	return `${prefix}${randomBytes(12).toString('hex')}`;
}

/** Parses n8n's tool output (JSON text, sometimes JSON inside a JSON string); the raw text when it is not JSON. */
function parseToolContent(text: string): unknown {
	let value: unknown = text;
	for (let i = 0; i < 3 && typeof value === 'string'; i++) {
		const trimmed = value.trim();
		if (!/^[[{"]/.test(trimmed)) break;
		try {
			value = JSON.parse(trimmed);
		} catch {
			break;
		}
	}
	return value;
}

function collect(value: unknown, markdown: string[], links: string[], underLink: boolean): void {
	if (typeof value === 'string') {
		if (underLink && /^https?:\/\//i.test(value)) links.push(value);
		return;
	}
	if (Array.isArray(value)) {
		for (const v of value) collect(v, markdown, links, underLink);
		return;
	}
	if (!isRecord(value)) return;
	for (const [key, v] of Object.entries(value)) {
		if (key === 'markdown' && typeof v === 'string') markdown.push(v);
		collect(v, markdown, links, underLink || key === 'link' || key === 'url');
	}
}

/** The final answer built from the tool's output. */
export function answerFromToolOutput(content: string): string {
	const markdown: string[] = [];
	const links: string[] = [];
	collect(parseToolContent(content), markdown, links, false);
	const unique = (xs: string[]) => [...new Set(xs)];
	if (markdown.length > 0) return `Here is your image:\n\n${unique(markdown).join('\n\n')}`;
	if (links.length > 0)
		return `Here is your image:\n\n${unique(links)
			.map((u) => `![image](${u})`)
			.join('\n\n')}`;
	return `The tool said: ${content.slice(0, 1000)}`;
}

function decide(body: Body): Answer {
	const messages: unknown[] = Array.isArray(body.messages) ? body.messages : [];
	let lastUser = -1;
	messages.forEach((m, i) => {
		if (isRecord(m) && m.role === 'user') lastUser = i;
	});
	const userText =
		lastUser >= 0 ? textOf((messages[lastUser] as Record<string, unknown>).content) : '';
	const turn = messages.slice(lastUser + 1);
	const toolResults = turn.filter(
		(m): m is Record<string, unknown> => isRecord(m) && m.role === 'tool',
	);
	if (toolResults.length > 0) {
		const last = toolResults[toolResults.length - 1];
		const content =
			typeof last.content === 'string'
				? last.content
				: textOf(last.content) || JSON.stringify(last.content ?? '');
		return { kind: 'text', text: answerFromToolOutput(content) };
	}
	const tools: unknown[] = Array.isArray(body.tools)
		? body.tools.filter((t: unknown) => toolName(t) !== undefined)
		: [];
	if (tools.length > 0 && body.tool_choice !== 'none') {
		const choice = body.tool_choice;
		const forced =
			isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string'
				? choice.function.name
				: undefined;
		const tool =
			tools.find((t) => forced !== undefined && toolName(t) === forced) ??
			tools.find((t) => /dgrid/i.test(toolName(t) ?? '')) ??
			tools[0];
		const args: Record<string, unknown> = {};
		for (const [key, schema] of Object.entries(toolParameters(tool)))
			args[key] = valueFor(schema, userText);
		return {
			kind: 'tool',
			call: { id: randomId('call_'), name: toolName(tool)!, arguments: JSON.stringify(args) },
		};
	}
	return { kind: 'text', text: SCRIPTED_LLM_GREETING };
}

function usageFor(body: Body, answer: Answer) {
	const messages: unknown[] = Array.isArray(body.messages) ? body.messages : [];
	let chars = 0;
	for (const m of messages) {
		if (!isRecord(m)) continue;
		chars += textOf(m.content).length;
		if (Array.isArray(m.tool_calls)) chars += JSON.stringify(m.tool_calls).length;
	}
	const out =
		answer.kind === 'text'
			? answer.text.length
			: answer.call.name.length + answer.call.arguments.length;
	const prompt_tokens = Math.max(1, Math.ceil(chars / 4));
	const completion_tokens = Math.max(1, Math.ceil(out / 4));
	return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** Two or three pieces of the text (one when it is too short to split). */
function splitText(text: string): string[] {
	if (text.length < 2) return [text];
	const parts = text.length < 3 ? 2 : 3;
	const size = Math.ceil(text.length / parts);
	const out: string[] = [];
	for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
	return out;
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
	const data = JSON.stringify(payload);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(data),
	});
	res.end(data);
}

function sendError(
	res: ServerResponse,
	status: number,
	message: string,
	code: string | null = null,
): void {
	sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

function complete(res: ServerResponse, body: Body): void {
	const answer = decide(body);
	const usage = usageFor(body, answer);
	const id = randomId('chatcmpl-');
	const created = Math.floor(Date.now() / 1000);
	const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
	const finish_reason = answer.kind === 'tool' ? 'tool_calls' : 'stop';

	if (body.stream !== true) {
		const message =
			answer.kind === 'tool'
				? {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: answer.call.id,
								type: 'function',
								function: { name: answer.call.name, arguments: answer.call.arguments },
							},
						],
					}
				: { role: 'assistant', content: answer.text };
		sendJson(res, 200, {
			id,
			object: 'chat.completion',
			created,
			model,
			choices: [{ index: 0, message, finish_reason, logprobs: null }],
			usage,
		});
		return;
	}

	const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
	const chunk = (delta: object, finish: string | null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
		...(includeUsage ? { usage: null } : {}),
	});
	const chunks: object[] = [];
	if (answer.kind === 'tool') {
		const { id: callId, name, arguments: args } = answer.call;
		chunks.push(
			chunk(
				{
					role: 'assistant',
					content: null,
					tool_calls: [
						{ index: 0, id: callId, type: 'function', function: { name, arguments: '' } },
					],
				},
				null,
			),
			chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] }, null),
		);
	} else {
		chunks.push(chunk({ role: 'assistant', content: '' }, null));
		for (const piece of splitText(answer.text)) chunks.push(chunk({ content: piece }, null));
	}
	chunks.push(chunk({}, finish_reason));
	if (includeUsage)
		chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });

	res.writeHead(200, {
		'Content-Type': 'text/event-stream',
		'Cache-Control': 'no-cache',
		Connection: 'keep-alive',
	});
	for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
	res.end('data: [DONE]\n\n');
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => parts.push(c));
		req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		req.on('error', reject);
	});
}

export function startScriptedLlm(options: ScriptedLlmOptions = {}): Promise<ScriptedLlm> {
	const requests: ScriptedLlmRequest[] = [];

	const server = createServer((req, res) => {
		void (async () => {
			const receivedAt = Date.now();
			const path = (req.url ?? '/').split('?')[0];
			const method = req.method ?? 'GET';
			let raw = '';
			try {
				raw = await readBody(req);
			} catch {
				res.destroy();
				return;
			}
			let body: unknown = null;
			let badJson = false;
			if (raw.length > 0) {
				try {
					body = JSON.parse(raw);
				} catch {
					badJson = true;
					body = raw;
				}
			}
			requests.push({ path, body, receivedAt });

			if (method === 'GET' && path === '/v1/models') {
				sendJson(res, 200, {
					object: 'list',
					data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'scripted' }],
				});
				return;
			}
			if (method === 'POST' && path === '/v1/responses') {
				sendError(res, 400, RESPONSES_API_MESSAGE);
				return;
			}
			if (method === 'POST' && path === '/v1/chat/completions') {
				if (badJson || !isRecord(body)) {
					sendError(res, 400, 'The request body is not a JSON object.');
					return;
				}
				complete(res, body);
				return;
			}
			sendError(
				res,
				404,
				`Unknown request URL: ${method} ${path}. The scripted LLM serves POST /v1/chat/completions and GET /v1/models.`,
				'unknown_url',
			);
		})().catch((e: unknown) => {
			if (!res.headersSent)
				sendError(res, 500, `Scripted LLM failure: ${e instanceof Error ? e.message : String(e)}`);
			else res.destroy();
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			const addr = server.address();
			const port = typeof addr === 'object' && addr ? addr.port : (options.port ?? 0);
			let closing: Promise<void> | undefined;
			resolve({
				baseUrl: `http://127.0.0.1:${port}/v1`,
				port,
				requests,
				close: () => {
					closing ??= new Promise<void>((done) => {
						server.close(() => done());
						server.closeAllConnections();
					});
					return closing;
				},
			});
		});
	});
}
