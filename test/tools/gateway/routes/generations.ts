// POST /v1/images/generations. New API picks the channel by model: Ali models (Qwen, Wan,
// Z-Image) get the DashScope conversion, Google models the Gemini channel, all others the
// OpenAI-shaped request with unknown keys dropped (relaykit/dto/openai_image.go MarshalJSON).
import type { RequestContext } from '../context';
import { gatewayInvalidRequest } from '../errors';
import { isAliModel, isGeminiChannelModel, isImagen, isMiniMax } from '../models';
import type { Reply } from '../reply';
import { generationSchema, type GenerationRequest } from '../schemas';
import { zodErrorReply } from '../validation';
import { handleAli } from './ali';
import { jsonObject } from './common';
import { aspectDims } from './geminiCommon';
import { contentPolicyReply, openAiImagesReply, parseWxH } from './imageResponse';
import { imagenReply, refuseGeminiModel } from './imagen';
import { checkModelOptions, delivery } from './imageRules';

/** The request as the channel receives it: known fields only; `aspect_ratio` only where a channel reads it. */
function forwarded(req: GenerationRequest, model: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(req)) {
		if (value === undefined || value === null) continue;
		if (key === 'aspect_ratio' && !isMiniMax(model)) continue;
		out[key] = value;
	}
	return out;
}

export async function handleGenerations(ctx: RequestContext): Promise<Reply> {
	const parsedBody = jsonObject(ctx);
	if (!parsedBody.ok) return parsedBody.reply;
	const body = parsedBody.body;
	const model = typeof body.model === 'string' && body.model ? body.model : 'dall-e-2';
	if (isAliModel(model)) return handleAli(ctx, model, body);
	// The gateway checks prompt presence itself and, like New API, reports it as a 500.
	if (body.prompt === undefined || body.prompt === null || body.prompt === '') {
		return gatewayInvalidRequest(ctx.requestId, 'prompt is required');
	}
	const parsed = generationSchema.safeParse(body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const req = parsed.data;
	const n = ctx.directives.images ?? req.n ?? 1;
	if (isGeminiChannelModel(model)) return refuseGeminiModel(ctx);
	if (isImagen(model))
		return imagenReply(ctx, { model, prompt: req.prompt, n, size: req.size, quality: req.quality });
	ctx.record.upstream = { api: '/v1/images/generations', body: forwarded(req, model) };
	const bad = checkModelOptions(ctx, model, req);
	if (bad) return bad;
	if (ctx.directives.refuse) return contentPolicyReply(ctx);
	const dims = (isMiniMax(model) && typeof req.aspect_ratio === 'string'
		? aspectDims(req.aspect_ratio)
		: undefined) ??
		parseWxH(req.size) ?? { width: 1024, height: 1024 };
	const { deliver, format, alpha } = delivery(ctx, model, req);
	return openAiImagesReply(ctx, { model, prompt: req.prompt, n, ...dims, format, alpha }, deliver);
}
