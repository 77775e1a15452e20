// DashScope behind New API's Ali channel: checks the converted request the way DashScope's
// image APIs read it, makes the images, and answers through New API's conversion back to the
// OpenAI image shape (ali/image.go responseAli2OpenAIImage, ali/dto.go). Audit Q1–Q14.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context';
import { errorIn200Body, upstreamStatusReply } from '../errors';
import { resolveImageUrl, type InputImage } from '../inputs';
import { baseId } from '../models';
import { emitImage } from '../output';
import { json, type Reply } from '../reply';
import type { UpstreamRequest } from '../types';
import { parseWxH } from './imageResponse';

const SERVICES = '/api/v1/services/aigc';
export const DASHSCOPE_API = {
	/** Synchronous models (qwen-image*, z-image, wan2.6, wan2.7), generations and edits. */
	multimodal: `${SERVICES}/multimodal-generation/generation`,
	/** Asynchronous Wan text-to-image tasks (wanx*, wan2.0–2.5). */
	text2image: `${SERVICES}/text2image/image-synthesis`,
	/** Asynchronous old-Wan image-to-image tasks (wanx2.1-imageedit, wan2.5-i2i…). */
	image2image: `${SERVICES}/image2image/image-synthesis`,
	/** wan2.6/wan2.7 edits. */
	imageGeneration: `${SERVICES}/image-generation/generation`,
} as const;

/** Asynchronous task APIs: New API submits, then polls until the task is done. */
const TASK_APIS: string[] = [DASHSCOPE_API.text2image, DASHSCOPE_API.image2image];

interface DashScopeBody {
	model: string;
	input: unknown;
	parameters: Record<string, unknown>;
}

/** What DashScope read from a request it accepts. */
interface Job {
	prompt: string;
	images: InputImage[];
	n: number;
	promptExtend: boolean;
}

type Checked = { ok: true; job: Job } | { ok: false; message: string };

const MAX_N = 6;
/** Wan text-to-image makes 4 images when `parameters.n` is left out (DashScope's default). */
const ASYNC_DEFAULT_N = 4;

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function checkParameters(
	p: Record<string, unknown>,
	defaultN: number,
): { ok: true; n: number } | { ok: false; message: string } {
	if (p.size !== undefined && !/^\d{1,5}\*\d{1,5}$/.test(String(p.size))) {
		return {
			ok: false,
			message: `InvalidParameter: parameters.size "${String(p.size)}" must look like 1024*1024`,
		};
	}
	const n = p.n === undefined ? defaultN : Number(p.n);
	if (!Number.isInteger(n) || n < 1 || n > MAX_N) {
		return { ok: false, message: `InvalidParameter: parameters.n must be between 1 and ${MAX_N}` };
	}
	return { ok: true, n };
}

function resolveAll(
	ctx: RequestContext,
	urls: string[],
	where: (i: number) => string,
): { ok: true; images: InputImage[] } | { ok: false; message: string } {
	const images: InputImage[] = [];
	for (const [i, url] of urls.entries()) {
		const r = resolveImageUrl(ctx.state, url);
		if (!r.ok) return { ok: false, message: `InvalidParameter: ${where(i)}: ${r.reason}` };
		images.push(r.image);
	}
	return { ok: true, images };
}

/** text2image / image2image tasks: `input.prompt` (and `input.images` for image2image). */
function checkTask(ctx: RequestContext, body: DashScopeBody, api: string): Checked {
	const input = isObject(body.input) ? body.input : {};
	if (typeof input.prompt !== 'string' || input.prompt.trim() === '') {
		return { ok: false, message: 'InvalidParameter: Field required: input.prompt' };
	}
	if (input.negative_prompt !== undefined && typeof input.negative_prompt !== 'string') {
		return { ok: false, message: 'InvalidParameter: input.negative_prompt must be a string' };
	}
	let images: InputImage[] = [];
	if (api === DASHSCOPE_API.image2image) {
		const urls = Array.isArray(input.images)
			? input.images.filter((u): u is string => typeof u === 'string')
			: [];
		if (urls.length === 0)
			return { ok: false, message: 'InvalidParameter: Field required: input.images' };
		const resolved = resolveAll(ctx, urls, (i) => `input.images[${i}]`);
		if (!resolved.ok) return resolved;
		images = resolved.images;
	}
	const params = checkParameters(body.parameters, ASYNC_DEFAULT_N);
	if (!params.ok) return params;
	return {
		ok: true,
		job: {
			prompt: input.prompt,
			images,
			n: params.n,
			promptExtend: body.parameters.prompt_extend !== false,
		},
	};
}

/** multimodal-generation: `input.messages` with {text} and {image} parts; edit models need an image. */
function checkMessages(ctx: RequestContext, body: DashScopeBody): Checked {
	const messages =
		isObject(body.input) && Array.isArray(body.input.messages) ? body.input.messages : [];
	if (messages.length === 0)
		return { ok: false, message: 'InvalidParameter: Field required: input.messages' };
	const texts: string[] = [];
	const urls: string[] = [];
	const where: string[] = [];
	for (const [mi, m] of messages.entries()) {
		const content: unknown = isObject(m) ? m.content : undefined;
		if (typeof content === 'string') {
			texts.push(content);
			continue;
		}
		if (!Array.isArray(content))
			return {
				ok: false,
				message: `InvalidParameter: input.messages[${mi}].content must be a list of parts`,
			};
		for (const [pi, part] of content.entries()) {
			if (!isObject(part)) continue;
			if (typeof part.text === 'string') texts.push(part.text);
			if (typeof part.image === 'string') {
				urls.push(part.image);
				where.push(`input.messages[${mi}].content[${pi}].image`);
			}
		}
	}
	const prompt = texts.join('\n').trim();
	if (!prompt) return { ok: false, message: 'InvalidParameter: the messages carry no text' };
	const resolved = resolveAll(ctx, urls, (i) => where[i]);
	if (!resolved.ok) return resolved;
	if (baseId(body.model).includes('edit') && resolved.images.length === 0) {
		return {
			ok: false,
			message: `InvalidParameter: ${body.model} needs an input image ({"image": …} content part)`,
		};
	}
	const params = checkParameters(body.parameters, 1);
	if (!params.ok) return params;
	return {
		ok: true,
		job: {
			prompt,
			images: resolved.images,
			n: params.n,
			promptExtend: body.parameters.prompt_extend !== false,
		},
	};
}

const extended = (prompt: string) => `${prompt}, highly detailed, soft natural light`;

/** `ChoicesToOpenAIImageDate`: one entry per choice; each {image} part overwrites the last. */
function choicesToImageData(
	choices: Array<{ message: { content: Array<{ image?: string; text?: string }> } }>,
) {
	return choices.map((choice) => {
		const data = { url: '', b64_json: '', revised_prompt: '' };
		for (const part of choice.message.content) {
			if (part.image) data.url = part.image;
			else if (part.text) data.revised_prompt = part.text;
		}
		return data;
	});
}

/**
 * Answers a converted request. Asynchronous tasks wait `asyncLatencyMs` (New API polls for
 * them) and report every image in `results[]`; synchronous models put all n images in one
 * choice, of which New API's `data[]` keeps only the last (audit Q10): the others are only in
 * `metadata`, DashScope's raw answer embedded as JSON.
 */
export async function answerDashScope(
	ctx: RequestContext,
	upstream: UpstreamRequest,
): Promise<Reply> {
	const body = upstream.body as DashScopeBody;
	const isTask = TASK_APIS.includes(upstream.api);
	const checked = isTask ? checkTask(ctx, body, upstream.api) : checkMessages(ctx, body);
	// DashScope refuses at submission: New API relays its status and message (audit Q14).
	if (!checked.ok) return upstreamStatusReply(400, ctx.requestId, checked.message);
	const { job } = checked;
	if (isTask) await ctx.state.sleep(ctx.state.options.asyncLatencyMs);
	if (ctx.directives.refuse) {
		// A failed task comes back as HTTP 200 with an error (audit Q13); a synchronous model refuses with a 400.
		if (isTask) return json(errorIn200Body());
		return upstreamStatusReply(400, ctx.requestId, 'Input data may contain inappropriate content.');
	}
	const n = ctx.directives.images ?? job.n;
	const first = job.images.find((i) => i.info?.width !== undefined)?.info;
	const dims =
		parseWxH(body.parameters.size as string | undefined, '*') ??
		(first?.width && first.height
			? { width: first.width, height: first.height }
			: { width: 1024, height: 1024 });
	const format = ctx.directives.format ?? 'png';
	const urls = Array.from(
		{ length: n },
		() => emitImage(ctx, { format, ...dims }, 'url').url ?? '',
	);
	const created = Math.floor(Date.now() / 1000);
	if (isTask) {
		const metadata = {
			request_id: randomUUID(),
			output: {
				task_id: randomUUID(),
				task_status: 'SUCCEEDED',
				results: urls.map((url) => ({
					url,
					orig_prompt: job.prompt,
					...(job.promptExtend ? { actual_prompt: extended(job.prompt) } : {}),
				})),
				task_metrics: { TOTAL: n, SUCCEEDED: n, FAILED: 0 },
			},
			usage: { image_count: n },
		};
		// `ResultToOpenAIImageDate`: revised_prompt is always "" (actual_prompt stays in metadata, Q11).
		const data =
			urls.length > 0 ? urls.map((url) => ({ url, b64_json: '', revised_prompt: '' })) : null;
		return json({ created, data, metadata });
	}
	const content = [
		...urls.map((image) => ({ image })),
		...(job.promptExtend ? [{ text: extended(job.prompt) }] : []),
	];
	const choices = [{ finish_reason: 'stop', message: { role: 'assistant', content } }];
	const metadata = {
		request_id: randomUUID(),
		output: { choices },
		usage: { width: dims.width, height: dims.height, image_count: n },
	};
	return json({ created, data: choicesToImageData(choices), metadata });
}
