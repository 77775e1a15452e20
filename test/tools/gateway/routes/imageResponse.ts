// Response builders shared by /v1/images/generations and /v1/images/edits.
import type { RequestContext } from '../context';
import { errorReply } from '../errors';
import type { ImageFormat } from '../images';
import { isDalle3, isGptImage } from '../models';
import { emitImage } from '../output';
import { json, type Reply } from '../reply';

export interface ImageJob {
	model: string;
	prompt: string;
	n: number;
	/** Nominal size (before the gateway scales it down). */
	width: number;
	height: number;
	format: ImageFormat;
	alpha?: boolean;
}

export function parseWxH(
	size: string | null | undefined,
	sep = 'x',
): { width: number; height: number } | undefined {
	if (!size || size === 'auto') return undefined;
	const [w, h] = size.split(sep).map(Number);
	return w > 0 && h > 0 ? { width: w, height: h } : undefined;
}

/** Rough token count, only so usage numbers look plausible. */
export const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** OpenAI's refusal, relayed by the gateway as a 400. */
export function contentPolicyReply(ctx: RequestContext): Reply {
	return errorReply(400, ctx.requestId, {
		message:
			'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
		type: 'invalid_request_error',
		param: null,
		code: 'content_policy_violation',
	});
}

/** OpenAI shape: `{created, data:[{url, b64_json, revised_prompt}], usage?}`; unused keys are "". */
export function openAiImagesReply(
	ctx: RequestContext,
	job: ImageJob,
	deliver: 'b64' | 'url',
): Reply {
	const data = Array.from({ length: job.n }, () => {
		const img = emitImage(
			ctx,
			{ format: job.format, width: job.width, height: job.height, alpha: job.alpha },
			deliver,
		);
		return {
			url: img.url ?? '',
			b64_json: img.b64 ?? '',
			revised_prompt: isDalle3(job.model) ? `A detailed, vivid illustration of: ${job.prompt}` : '',
		};
	});
	const body: Record<string, unknown> = { created: Math.floor(Date.now() / 1000), data };
	if (isGptImage(job.model)) {
		body.background = job.alpha ? 'transparent' : 'opaque';
		body.output_format = job.format;
		body.size = `${job.width}x${job.height}`;
		body.usage = {
			total_tokens: tokens(job.prompt) + 1056 * job.n,
			input_tokens: tokens(job.prompt),
			output_tokens: 1056 * job.n,
			input_tokens_details: { text_tokens: tokens(job.prompt), image_tokens: 0 },
		};
	}
	return json(body);
}
