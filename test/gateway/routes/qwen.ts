// DashScope-shaped (Qwen/Wan) JSON requests, on /v1/images/generations and /v1/images/edits.
import type { RequestContext } from '../context';
import { invalidParam } from '../errors';
import { resolveImageUrl, type InputImage } from '../inputs';
import type { Reply } from '../reply';
import { qwenSchema } from '../schemas';
import { zodErrorReply } from '../validation';
import { parseWxH, qwenImagesReply } from './imageResponse';

export async function handleQwenJson(ctx: RequestContext, body: unknown, mode: 'generate' | 'edit'): Promise<Reply> {
	const parsed = qwenSchema.safeParse(body);
	if (!parsed.success) return zodErrorReply(ctx.requestId, parsed.error);
	const req = parsed.data;
	const texts: string[] = [];
	const images: InputImage[] = [];
	for (const [mi, msg] of req.input.messages.entries()) {
		if (typeof msg.content === 'string') {
			texts.push(msg.content);
			continue;
		}
		for (const [pi, part] of msg.content.entries()) {
			if (part.text !== undefined) texts.push(part.text);
			if (part.image !== undefined) {
				const r = resolveImageUrl(ctx.state, part.image);
				if (!r.ok) return invalidParam(ctx.requestId, `input.messages[${mi}].content[${pi}].image`, r.reason, 'invalid_image');
				images.push(r.image);
			}
		}
	}
	const prompt = texts.join('\n').trim();
	if (!prompt) {
		return invalidParam(ctx.requestId, 'input.messages', 'The messages carry no prompt text.', 'missing_required_parameter');
	}
	if (mode === 'edit' && images.length === 0) {
		return invalidParam(
			ctx.requestId,
			'input.messages',
			'Qwen image edits need the input image as an {"image": …} content part.',
			'missing_required_parameter',
		);
	}
	const first = images.find((i) => i.info?.width !== undefined)?.info;
	const dims = parseWxH(req.parameters?.size, '*') ??
		(mode === 'edit' && first?.width && first.height ? { width: first.width, height: first.height } : undefined) ?? {
			width: 1024,
			height: 1024,
		};
	return qwenImagesReply(ctx, {
		model: req.model,
		prompt,
		n: ctx.directives.images ?? req.parameters?.n ?? 1,
		...dims,
		format: ctx.directives.format ?? 'png',
	});
}
