// POST /v1/chat/completions with Gemini image models behind it: images come back as
// markdown data URLs inside message.content; stream:true sends them as SSE chunks.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../context';
import { invalidParam, newApiErrorReply } from '../errors';
import { resolveImageUrl } from '../inputs';
import { drawsInChat } from '../models';
import { emitImage } from '../output';
import { json, type Reply } from '../reply';
import { chatSchema, type ChatRequest } from '../schemas';
import { zodErrorReply } from '../validation';
import { jsonObject } from './common';
import { aspectDims, declaredMime } from './geminiCommon';
import { tokens } from './imageResponse';

export const REFUSAL_TEXT = "I can't help with that.";

export async function handleChat(ctx: RequestContext): Promise<Reply> {
	const parsedBody = jsonObject(ctx);
	if (!parsedBody.ok) return parsedBody.reply;
	const parsed = chatSchema.safeParse(parsedBody.body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const req = parsed.data;
	const bad = checkImageUrls(ctx, req);
	if (bad) return bad;

	// New API answers a Gemini prompt blocked outright (no candidates, a blockReason) with 400 prompt_blocked.
	if (ctx.directives.refuse && ctx.directives.refuseMode === 'prompt')
		return newApiErrorReply('prompt_blocked', ctx.requestId, req.model);

	const textChunks: string[] = [];
	const imageChunks: string[] = [];
	if (ctx.directives.refuse) {
		textChunks.push(REFUSAL_TEXT);
	} else if (!drawsInChat(req.model)) {
		textChunks.push(`This is a text-only reply from ${req.model}.`);
	} else {
		const count = ctx.directives.images ?? 1;
		textChunks.push(count > 0 ? 'Here is your image:' : 'I could not create an image this time.');
		const dims = aspectDims(req.extra_body?.google?.image_config?.aspect_ratio);
		for (let i = 0; i < count; i++) {
			const img = emitImage(ctx, { format: ctx.directives.format ?? 'png', ...dims }, 'b64');
			imageChunks.push(`![image](data:${declaredMime(ctx, img.mime)};base64,${img.b64})`);
		}
	}
	const content = [...textChunks, ...imageChunks].join('\n');
	const promptTokens = tokens(JSON.stringify(req.messages).slice(0, 4000));
	const completionTokens = tokens(textChunks.join('\n')) + 1290 * imageChunks.length;
	const usage = {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
	};
	const head = {
		id: `chatcmpl-${randomBytes(12).toString('hex')}`,
		created: Math.floor(Date.now() / 1000),
		model: req.model,
	};

	if (req.stream !== true) {
		return json({
			...head,
			object: 'chat.completion',
			choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
			usage,
		});
	}
	// Streaming: role chunk, the text, one chunk per whole image, finish, usage (choices: []), [DONE].
	const chunk = (delta: object, finish: string | null = null) =>
		JSON.stringify({
			...head,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: finish }],
		});
	const events = [
		chunk({ role: 'assistant', content: '' }),
		...textChunks.map((t) => chunk({ content: imageChunks.length > 0 ? `${t}\n` : t })),
		...imageChunks.map((m, i) => chunk({ content: i < imageChunks.length - 1 ? `${m}\n` : m })),
		chunk({}, 'stop'),
		JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [], usage }),
		'[DONE]',
	];
	return { kind: 'sse', status: 200, events };
}

/** Data URLs in image_url parts must hold real images; other URLs must be http(s). */
function checkImageUrls(ctx: RequestContext, req: ChatRequest): Reply | undefined {
	for (const [mi, m] of req.messages.entries()) {
		if (typeof m.content === 'string') continue;
		for (const [pi, p] of m.content.entries()) {
			if (p.type !== 'image_url') continue;
			const r = resolveImageUrl(ctx.state, p.image_url.url);
			if (!r.ok)
				return invalidParam(
					ctx.requestId,
					`messages[${mi}].content[${pi}].image_url.url`,
					r.reason,
					'invalid_image_url',
				);
		}
	}
	return undefined;
}
