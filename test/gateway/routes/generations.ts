// POST /v1/images/generations: OpenAI shape, or DashScope shape when the body has `input`.
import type { RequestContext } from '../context';
import { gatewayInvalidRequest } from '../errors';
import { isAliModel } from '../models';
import type { Reply } from '../reply';
import { generationSchema } from '../schemas';
import { zodErrorReply } from '../validation';
import { contentPolicyReply, openAiImagesReply, parseWxH, qwenImagesReply } from './imageResponse';
import { checkModelOptions, delivery } from './imageRules';
import { handleQwenJson } from './qwen';
import { jsonObject } from './common';

export async function handleGenerations(ctx: RequestContext): Promise<Reply> {
	const parsedBody = jsonObject(ctx);
	if (!parsedBody.ok) return parsedBody.reply;
	const body = parsedBody.body;
	if ('input' in body) return handleQwenJson(ctx, body, 'generate');
	// The gateway checks prompt presence itself and, like New API, reports it as a 500.
	if (body.prompt === undefined || body.prompt === null || body.prompt === '') {
		return gatewayInvalidRequest(ctx.requestId, 'prompt is required');
	}
	const parsed = generationSchema.safeParse(body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const req = parsed.data;
	const model = req.model ?? 'dall-e-2';
	const dims = parseWxH(req.size) ?? { width: 1024, height: 1024 };
	const n = ctx.directives.images ?? req.n ?? 1;
	if (isAliModel(model)) {
		return qwenImagesReply(ctx, { model, prompt: req.prompt, n, ...dims, format: ctx.directives.format ?? 'png' });
	}
	const bad = checkModelOptions(ctx, model, req);
	if (bad) return bad;
	if (ctx.directives.refuse) return contentPolicyReply(ctx);
	const { deliver, format, alpha } = delivery(ctx, model, req);
	return openAiImagesReply(ctx, { model, prompt: req.prompt, n, ...dims, format, alpha }, deliver);
}
