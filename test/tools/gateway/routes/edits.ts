// POST /v1/images/edits: multipart (image / image[] / mask files + text fields) or OpenAI's
// JSON variant (images:[{image_url}]). Ali models (Qwen, Wan) go through New API's DashScope
// conversion whatever the body (routes/ali.ts); Google models through the Gemini channel.
import type { RequestContext } from '../context';
import { badRequestBody, gatewayInvalidRequest, invalidParam } from '../errors';
import { resolveImageUrl, type InputImage } from '../inputs';
import { sniffImage } from '../images';
import { isAliModel, isDalle2, isGeminiChannelModel, isGptImage, isImagen } from '../models';
import type { MultipartBody } from '../multipart';
import type { Reply } from '../reply';
import { editJsonSchema, editOptionsSchema, type EditOptions } from '../schemas';
import { zodErrorReply } from '../validation';
import { jsonObject } from './common';
import { handleAli } from './ali';
import { contentPolicyReply, openAiImagesReply, parseWxH } from './imageResponse';
import { imagenReply, refuseGeminiModel } from './imagen';
import { checkModelOptions, delivery } from './imageRules';

const MAX_IMAGES = 16;
const DALLE2_MAX_BYTES = 4 * 1024 * 1024;
const GPT_IMAGE_MAX_BYTES = 50 * 1024 * 1024;
const IMAGE_FIELD = /^image(\[\d*\])?$/;
const NUMERIC_FIELDS = ['n', 'output_compression'];

export async function handleEdits(ctx: RequestContext): Promise<Reply> {
	if (ctx.body.multipartError)
		return badRequestBody(ctx.requestId, `malformed multipart body: ${ctx.body.multipartError}`);
	if (ctx.body.multipart) {
		const model = firstValue(ctx.body.multipart.fields.model);
		if (isAliModel(model)) return handleAli(ctx, model);
		return editMultipart(ctx, ctx.body.multipart);
	}
	const parsedBody = jsonObject(ctx);
	if (!parsedBody.ok) return parsedBody.reply;
	const body = parsedBody.body;
	if (typeof body.model === 'string' && isAliModel(body.model))
		return handleAli(ctx, body.model, body);
	return editJson(ctx, body);
}

const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : (v ?? ''));

function missing(v: unknown): boolean {
	return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

async function editMultipart(ctx: RequestContext, mp: MultipartBody): Promise<Reply> {
	// Text fields arrive as strings: type the numeric ones so the shared schema applies.
	const fields: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(mp.fields)) {
		const value = firstValue(v);
		fields[k] = NUMERIC_FIELDS.includes(k) && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	}
	if (missing(fields.prompt)) return gatewayInvalidRequest(ctx.requestId, 'prompt is required');
	const files = mp.files.filter((f) => IMAGE_FIELD.test(f.name));
	if (files.length === 0) return gatewayInvalidRequest(ctx.requestId, 'image is required');
	const parsed = editOptionsSchema.safeParse(fields);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const maskFile = mp.files.find((f) => f.name === 'mask');
	const toInput = (data: Buffer): InputImage => ({ bytes: data, info: sniffImage(data) });
	return finishEdit(
		ctx,
		parsed.data,
		files.map((f) => toInput(f.data)),
		maskFile ? toInput(maskFile.data) : undefined,
	);
}

async function editJson(ctx: RequestContext, body: Record<string, unknown>): Promise<Reply> {
	if (missing(body.prompt)) return gatewayInvalidRequest(ctx.requestId, 'prompt is required');
	if (missing(body.images)) return gatewayInvalidRequest(ctx.requestId, 'image is required');
	const parsed = editJsonSchema.safeParse(body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const inputs: InputImage[] = [];
	for (const [i, ref] of parsed.data.images.entries()) {
		const r = resolveImageUrl(ctx.state, ref.image_url);
		if (!r.ok)
			return invalidParam(ctx.requestId, `images[${i}].image_url`, r.reason, 'invalid_image_url');
		inputs.push(r.image);
	}
	let mask: InputImage | undefined;
	if (parsed.data.mask) {
		const r = resolveImageUrl(ctx.state, parsed.data.mask.image_url);
		if (!r.ok) return invalidParam(ctx.requestId, 'mask.image_url', r.reason, 'invalid_image_url');
		mask = r.image;
	}
	return finishEdit(ctx, parsed.data, inputs, mask);
}

const withoutUnset = (o: object) =>
	Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/** Checks the images (what OpenAI would refuse), then answers like a generation. */
async function finishEdit(
	ctx: RequestContext,
	o: EditOptions,
	inputs: InputImage[],
	mask?: InputImage,
): Promise<Reply> {
	const model = o.model ?? 'dall-e-2';
	const id = ctx.requestId;
	const n = ctx.directives.images ?? o.n ?? 1;
	if (isGeminiChannelModel(model)) return refuseGeminiModel(ctx);
	// Imagen's :predict gets the prompt alone: the input images never reach it (audit O9).
	if (isImagen(model))
		return imagenReply(ctx, { model, prompt: o.prompt, n, size: o.size, quality: o.quality });
	ctx.record.upstream = {
		api: '/v1/images/edits',
		body: { ...withoutUnset(o), images: inputs.length, ...(mask ? { mask: true } : {}) },
	};
	if (inputs.length > MAX_IMAGES)
		return invalidParam(id, 'image', `Too many images: at most ${MAX_IMAGES} are allowed.`);
	for (const [i, img] of inputs.entries()) {
		if (img.bytes === undefined) continue; // external URL: the gateway cannot look at it
		if (!img.info || img.info.format === 'gif') {
			return invalidParam(
				id,
				'image',
				`Invalid image file or mode for image ${i + 1}, please check your image file.`,
				'invalid_image_file',
			);
		}
		if (isGptImage(model) && img.bytes.length > GPT_IMAGE_MAX_BYTES) {
			return invalidParam(id, 'image', `Image ${i + 1} is larger than 50 MB.`, 'image_too_large');
		}
	}
	if (isDalle2(model)) {
		if (inputs.length !== 1)
			return invalidParam(id, 'image', 'dall-e-2 edits take exactly one image.');
		const img = inputs[0];
		if (img.bytes !== undefined) {
			if (img.info?.format !== 'png' || img.bytes.length >= DALLE2_MAX_BYTES) {
				return invalidParam(
					id,
					'image',
					'Uploaded image must be a PNG and less than 4 MB.',
					'invalid_image_format',
				);
			}
			if (img.info.width !== img.info.height) {
				return invalidParam(id, 'image', 'Uploaded image must be square.', 'invalid_image_format');
			}
		}
	}
	if (mask?.bytes !== undefined) {
		if (!mask.info || mask.info.format !== 'png') {
			return invalidParam(
				id,
				'mask',
				'Invalid mask image: the mask must be a PNG image.',
				'invalid_image_file',
			);
		}
		const first = inputs[0]?.info;
		if (
			first?.width !== undefined &&
			(first.width !== mask.info.width || first.height !== mask.info.height)
		) {
			return invalidParam(
				id,
				'mask',
				'Invalid mask image: mask and image must have the same dimensions.',
				'invalid_mask',
			);
		}
	}
	const known = inputs.find((i) => i.info?.width)?.info;
	const dims = parseWxH(o.size) ??
		(known?.width && known.height ? { width: known.width, height: known.height } : undefined) ?? {
			width: 1024,
			height: 1024,
		};
	const bad = checkModelOptions(ctx, model, o);
	if (bad) return bad;
	if (ctx.directives.refuse) return contentPolicyReply(ctx);
	const { deliver, format, alpha } = delivery(ctx, model, o);
	return openAiImagesReply(ctx, { model, prompt: o.prompt, n, ...dims, format, alpha }, deliver);
}
