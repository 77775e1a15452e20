// POST /v1/models/{model}:generateContent — Gemini native. Google-shaped answers, but
// errors in the gateway's OpenAI shape (as DGrid does on every route).
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../context';
import { invalidParam } from '../errors';
import { sniffImage } from '../images';
import { decodeDataUrl, isValidBase64 } from '../inputs';
import { isImageCapableChatModel } from '../models';
import { emitImage } from '../output';
import { json, type Reply } from '../reply';
import { generateContentSchema, type GeminiPart } from '../schemas';
import { zodErrorReply } from '../validation';
import { jsonObject } from './common';
import { aspectDims, declaredMime } from './geminiCommon';
import { tokens } from './imageResponse';

const SAFETY_CATEGORIES = [
	'HARM_CATEGORY_HATE_SPEECH',
	'HARM_CATEGORY_DANGEROUS_CONTENT',
	'HARM_CATEGORY_HARASSMENT',
	'HARM_CATEGORY_SEXUALLY_EXPLICIT',
];
const IMAGE_TOKENS = 1290;

function checkInlineData(
	ctx: RequestContext,
	parts: GeminiPart[],
	where: string,
): Reply | undefined {
	for (const [i, p] of parts.entries()) {
		if (!p.inlineData) continue;
		const param = `${where}.parts[${i}].inlineData.data`;
		if (!isValidBase64(p.inlineData.data)) {
			return invalidParam(
				ctx.requestId,
				param,
				`Invalid value at '${param}' (TYPE_BYTES), Base64 decoding failed.`,
			);
		}
		if (p.inlineData.mimeType.startsWith('image/')) {
			const bytes = decodeDataUrl(
				`data:${p.inlineData.mimeType};base64,${p.inlineData.data}`,
			)?.bytes;
			if (!bytes || !sniffImage(bytes)) {
				return invalidParam(
					ctx.requestId,
					param,
					'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
				);
			}
		}
	}
	return undefined;
}

export async function handleGenerateContent(ctx: RequestContext): Promise<Reply> {
	const parsedBody = jsonObject(ctx);
	if (!parsedBody.ok) return parsedBody.reply;
	const parsed = generateContentSchema.safeParse(parsedBody.body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const req = parsed.data;
	for (const [i, c] of req.contents.entries()) {
		const bad = checkInlineData(ctx, c.parts, `contents[${i}]`);
		if (bad) return bad;
	}
	const model = ctx.pathModel ?? 'gemini-2.5-flash-image';
	const promptText = req.contents.flatMap((c) => c.parts.map((p) => p.text ?? '')).join(' ');
	const promptTokens =
		tokens(promptText) +
		258 * req.contents.flatMap((c) => c.parts).filter((p) => p.inlineData).length;
	const usage = (candidateTokens: number) => ({
		promptTokenCount: promptTokens,
		candidatesTokenCount: candidateTokens,
		totalTokenCount: promptTokens + candidateTokens,
		promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
	});
	const envelope = { modelVersion: model, responseId: randomBytes(12).toString('base64url') };

	if (ctx.directives.refuse) return json(refusal(ctx.directives.refuseMode, usage(0), envelope));

	const imageModel = isImageCapableChatModel(model);
	const modalities =
		req.generationConfig?.responseModalities ?? (imageModel ? ['TEXT', 'IMAGE'] : ['TEXT']);
	const wantImage = imageModel && modalities.includes('IMAGE');
	const parts: Array<Record<string, unknown>> = [];
	if (modalities.includes('TEXT') || !wantImage) {
		parts.push({
			text: wantImage
				? 'Here is the image you asked for.'
				: `This is a text-only answer from ${model}.`,
		});
	}
	const count = wantImage ? (ctx.directives.images ?? 1) : 0;
	const dims = aspectDims(req.generationConfig?.imageConfig?.aspectRatio);
	for (let i = 0; i < count; i++) {
		const img = emitImage(ctx, { format: ctx.directives.format ?? 'png', ...dims }, 'b64');
		parts.push({ inlineData: { mimeType: declaredMime(ctx, img.mime), data: img.b64 } });
	}
	const candidateTokens = count * IMAGE_TOKENS + (parts.length - count) * 8;
	return json({
		candidates: [
			{
				content: { role: 'model', parts },
				finishReason: 'STOP',
				index: 0,
				safetyRatings: SAFETY_CATEGORIES.map((category) => ({
					category,
					probability: 'NEGLIGIBLE',
				})),
			},
		],
		usageMetadata: {
			...usage(candidateTokens),
			candidatesTokensDetails: [
				{ modality: count > 0 ? 'IMAGE' : 'TEXT', tokenCount: candidateTokens },
			],
		},
		...envelope,
	});
}

/**
 * `[dgrid:refuse]` → candidate with finishReason SAFETY and no content; `[dgrid:refuse=prompt]`
 * → blocked prompt (no candidates, promptFeedback.blockReason); `[dgrid:refuse=IMAGE_SAFETY]`
 * (or any other reason) → that finishReason.
 */
function refusal(mode: string | undefined, usageMetadata: unknown, envelope: object): unknown {
	if (mode?.toLowerCase() === 'prompt') {
		return {
			promptFeedback: {
				blockReason: 'PROHIBITED_CONTENT',
				safetyRatings: SAFETY_CATEGORIES.map((category) => ({
					category,
					probability: 'NEGLIGIBLE',
				})),
			},
			usageMetadata,
			...envelope,
		};
	}
	const reason = mode && /^[A-Z_]+$/.test(mode) ? mode : 'SAFETY';
	return {
		candidates: [
			{
				finishReason: reason,
				index: 0,
				safetyRatings: SAFETY_CATEGORIES.map((category, i) => ({
					category,
					probability: i === 3 ? 'HIGH' : 'NEGLIGIBLE',
					...(i === 3 ? { blocked: true } : {}),
				})),
			},
		],
		usageMetadata,
		...envelope,
	};
}
