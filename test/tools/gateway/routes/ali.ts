// New API's Ali channel (relay/channel/ali, audit Q1–Q10, O8): how the gateway turns a
// /v1/images/* request for a Qwen, Wan or Z-Image model into a DashScope request. Only the
// conversion lives here; dashscope.ts plays DashScope and answers the converted request.
import type { RequestContext } from '../context';
import { convertRequestFailed, gatewayInvalidRequest } from '../errors';
import { sniffImage } from '../images';
import { isOldWanModel, isSyncAliModel } from '../models';
import type { MultipartBody } from '../multipart';
import type { Reply } from '../reply';
import type { NewApiVersion, UpstreamRequest } from '../types';
import { answerDashScope, DASHSCOPE_API } from './dashscope';

/** The Go struct `AliImageParameters`: any other key inside `parameters` is dropped. */
const PARAMETER_TYPES: Record<string, 'string' | 'number' | 'boolean' | 'any'> = {
	size: 'string',
	n: 'number',
	steps: 'string',
	scale: 'string',
	watermark: 'boolean',
	prompt_extend: 'boolean',
	thinking_mode: 'boolean',
	enable_sequential: 'boolean',
	bbox_list: 'any',
	color_palette: 'any',
	seed: 'number',
};
/** Version L adds these two (audit "Versions"). */
const PARAMETER_TYPES_L: Record<string, 'string'> = {
	negative_prompt: 'string',
	prompt_extend_mode: 'string',
};
const MAX_N = 128;

type Conversion = { ok: true; upstream: UpstreamRequest } | { ok: false; reply: Reply };

const GO_TYPES = { string: 'string', number: 'int', boolean: 'bool' } as const;

/** Unmarshal into the Go struct: known keys with the right JSON type, everything else dropped. */
function typedParameters(
	raw: unknown,
	version: NewApiVersion,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
	if (raw === null || raw === undefined) return { ok: true, value: {} };
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		return {
			ok: false,
			message: `invalid parameters field: json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type ali.AliImageParameters`,
		};
	}
	const types = version === 'L' ? { ...PARAMETER_TYPES, ...PARAMETER_TYPES_L } : PARAMETER_TYPES;
	const value: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
		const type = types[key];
		if (!type || v === null || v === undefined) continue;
		if (type !== 'any' && typeof v !== type) {
			return {
				ok: false,
				message: `invalid parameters field: json: cannot unmarshal ${typeof v} into Go struct field AliImageParameters.${key} of type ${GO_TYPES[type]}`,
			};
		}
		// omitempty: zero values do not reach DashScope
		if (v === '' || v === 0) continue;
		value[key] = v;
	}
	return { ok: true, value };
}

/**
 * Version L parses a synchronous model's `input` into `AliImageInput`: messages whose content
 * must be a list of {image, text} parts (a plain string fails), unknown keys dropped.
 */
function typedSyncInput(
	raw: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
	const fail = (what: string) => ({
		ok: false as const,
		message: `invalid input field: json: cannot unmarshal ${what}`,
	});
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		return fail(`${typeof raw} into Go value of type ali.AliImageInput`);
	const input = raw as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	if (typeof input.prompt === 'string' && input.prompt) out.prompt = input.prompt;
	if (typeof input.negative_prompt === 'string' && input.negative_prompt)
		out.negative_prompt = input.negative_prompt;
	if (input.messages !== undefined && input.messages !== null) {
		if (!Array.isArray(input.messages))
			return fail(
				`${typeof input.messages} into Go struct field AliImageInput.messages of type []ali.AliImageMessage`,
			);
		const messages = [];
		for (const m of input.messages as Array<Record<string, unknown>>) {
			if (typeof m.content === 'string') {
				return fail(
					'string into Go struct field AliImageMessage.messages.content of type []ali.AliMediaContent',
				);
			}
			const parts = Array.isArray(m.content) ? (m.content as Array<Record<string, unknown>>) : [];
			messages.push({
				role: typeof m.role === 'string' ? m.role : '',
				content: parts.map((p) => ({
					...(typeof p.image === 'string' && p.image ? { image: p.image } : {}),
					...(typeof p.text === 'string' && p.text ? { text: p.text } : {}),
				})),
			});
		}
		out.messages = messages;
	}
	return { ok: true, value: out };
}

const textOf = (v: unknown) => (typeof v === 'string' ? v : '');

/** `oaiImage2AliImageRequest`: JSON bodies, on generations and (non-Wan) edits. */
function fromJson(ctx: RequestContext, body: Record<string, unknown>, model: string): Conversion {
	const version = ctx.state.options.newApiVersion;
	const sync = isSyncAliModel(model);
	let parameters: Record<string, unknown>;
	if ('parameters' in body) {
		const typed = typedParameters(body.parameters, version);
		if (!typed.ok) return { ok: false, reply: convertRequestFailed(ctx.requestId, typed.message) };
		parameters = typed.value;
	} else {
		// No `parameters`: the OpenAI fields are used instead (size with x → *, n, watermark).
		parameters = {};
		if (typeof body.size === 'string' && body.size) parameters.size = body.size.replace(/x/g, '*');
		parameters.n = typeof body.n === 'number' ? body.n : 1;
		if (typeof body.watermark === 'boolean') parameters.watermark = body.watermark;
	}
	const n = parameters.n;
	if (typeof n === 'number' && (!Number.isInteger(n) || n < 0 || n > MAX_N)) {
		return {
			ok: false,
			reply: convertRequestFailed(
				ctx.requestId,
				`parameters.n must be an integer between 1 and ${MAX_N}`,
			),
		};
	}
	let input: unknown;
	if ('input' in body && body.input !== null && body.input !== undefined) {
		// The client's `input` goes to DashScope unchanged (U); L types it for sync models.
		if (sync && version === 'L') {
			const typed = typedSyncInput(body.input);
			if (!typed.ok)
				return { ok: false, reply: convertRequestFailed(ctx.requestId, typed.message) };
			input = typed.value;
		} else {
			input = body.input;
		}
	} else {
		const prompt = textOf(body.prompt);
		if (!prompt.trim())
			return { ok: false, reply: gatewayInvalidRequest(ctx.requestId, 'prompt is required') };
		// Built from the prompt alone: an edit's `images` never reach DashScope (audit O8).
		input = sync ? { messages: [{ role: 'user', content: [{ text: prompt }] }] } : { prompt };
	}
	const api =
		ctx.route === 'edits'
			? /wan2\.6|wan2\.7/.test(model)
				? DASHSCOPE_API.imageGeneration
				: DASHSCOPE_API.multimodal
			: sync
				? DASHSCOPE_API.multimodal
				: DASHSCOPE_API.text2image;
	return { ok: true, upstream: { api, body: { model, input, parameters } } };
}

/** Go's http.DetectContentType, for the image types it knows. */
function dataUrlOf(bytes: Buffer): string {
	const mime = sniffImage(bytes)?.mime ?? 'application/octet-stream';
	return `data:${mime};base64,${bytes.toString('base64')}`;
}

const FORM_IMAGE = /^image(\[.*\])?$/;

/** `oaiFormEdit2AliImageEdit` / `oaiFormEdit2WanxImageEdit`: multipart edits. */
function fromForm(ctx: RequestContext, form: MultipartBody, model: string): Conversion {
	const field = (name: string) => {
		const v = form.fields[name];
		return Array.isArray(v) ? v[0] : (v ?? '');
	};
	const prompt = field('prompt');
	if (!prompt.trim())
		return { ok: false, reply: gatewayInvalidRequest(ctx.requestId, 'prompt is required') };
	const nText = field('n').trim();
	const n = nText === '' ? 1 : Number(nText);
	if (!Number.isInteger(n) || n <= 0 || n > MAX_N) {
		return {
			ok: false,
			reply: gatewayInvalidRequest(ctx.requestId, `n must be an integer between 1 and ${MAX_N}`),
		};
	}
	const images = form.files.filter((f) => FORM_IMAGE.test(f.name)).map((f) => dataUrlOf(f.data));
	if (images.length === 0) {
		return {
			ok: false,
			reply: convertRequestFailed(
				ctx.requestId,
				'convert image edit form request failed: get image base64s from form failed: image is required',
			),
		};
	}
	if (isOldWanModel(model)) {
		const negative = field('negative_prompt');
		const input = { prompt, images, ...(negative ? { negative_prompt: negative } : {}) };
		return {
			ok: true,
			upstream: { api: DASHSCOPE_API.image2image, body: { model, input, parameters: { n } } },
		};
	}
	// Only n survives the form conversion: size, mask and the OpenAI options are not read.
	const content = [...images.map((image) => ({ image })), { text: prompt }];
	const api = /wan2\.6|wan2\.7/.test(model)
		? DASHSCOPE_API.imageGeneration
		: DASHSCOPE_API.multimodal;
	return {
		ok: true,
		upstream: {
			api,
			body: { model, input: { messages: [{ role: 'user', content }] }, parameters: { n } },
		},
	};
}

/**
 * A Qwen/Wan/Z-Image request on /v1/images/generations or /v1/images/edits: the multipart form,
 * or the JSON body (already checked to be an object).
 */
export async function handleAli(
	ctx: RequestContext,
	model: string,
	body?: Record<string, unknown>,
): Promise<Reply> {
	let conversion: Conversion;
	if (ctx.body.multipart) {
		conversion = fromForm(ctx, ctx.body.multipart, model);
	} else if (ctx.route === 'edits' && isOldWanModel(model)) {
		// Old-Wan edits read their images from a multipart form only (audit Q7).
		conversion = {
			ok: false,
			reply: convertRequestFailed(
				ctx.requestId,
				"get image base64s from form failed: failed to parse image edit form request: request Content-Type isn't multipart/form-data",
			),
		};
	} else {
		conversion = fromJson(ctx, body ?? {}, model);
	}
	if (!conversion.ok) return conversion.reply;
	ctx.record.upstream = conversion.upstream;
	return answerDashScope(ctx, conversion.upstream);
}
