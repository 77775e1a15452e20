// Model-specific rules of the OpenAI image endpoints (what OpenAI rejects and returns).
import type { RequestContext } from '../context';
import { errorReply, invalidParam } from '../errors';
import type { ImageFormat } from '../images';
import { isB64OnlyImageModel, isDalle2, isDalle3, isGptImage } from '../models';
import type { Reply } from '../reply';

interface CommonOptions {
	n?: number | null;
	size?: string | null;
	quality?: string | null;
	response_format?: string | null;
	background?: string | null;
	output_format?: ImageFormat | null;
}

const SIZES: Array<[(m: string) => boolean, string[]]> = [
	[isDalle2, ['256x256', '512x512', '1024x1024']],
	[isDalle3, ['1024x1024', '1792x1024', '1024x1792']],
	[isGptImage, ['1024x1024', '1536x1024', '1024x1536', 'auto']],
];

const QUALITIES: Array<[(m: string) => boolean, string[]]> = [
	[isDalle2, ['standard']],
	[isDalle3, ['standard', 'hd']],
	[isGptImage, ['low', 'medium', 'high', 'auto']],
];

const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/** Returns the 400 OpenAI would send for this model/option combination, if any. */
export function checkModelOptions(
	ctx: RequestContext,
	model: string,
	o: CommonOptions,
): Reply | undefined {
	if (isGptImage(model) && o.response_format != null) {
		return errorReply(400, ctx.requestId, {
			message: "Unknown parameter: 'response_format'.",
			type: 'invalid_request_error',
			param: 'response_format',
			code: 'unknown_parameter',
		});
	}
	if (isDalle3(model) && o.n != null && o.n !== 1) {
		return invalidParam(ctx.requestId, 'n', 'You must provide n=1 for this model.');
	}
	if (o.size != null) {
		const rule = SIZES.find(([is]) => is(model));
		if (rule && !rule[1].includes(o.size)) {
			return invalidParam(
				ctx.requestId,
				'size',
				`Invalid value: '${o.size}'. Supported values are: ${list(rule[1])}.`,
			);
		}
		if (!rule) {
			if (o.size === 'auto') return undefined;
			const [w, h] = o.size.split('x').map(Number);
			if (w < 1 || h < 1 || w > 8192 || h > 8192) {
				return invalidParam(
					ctx.requestId,
					'size',
					`Invalid value: '${o.size}'. Each side must be between 1 and 8192.`,
				);
			}
		}
	}
	if (o.quality != null) {
		const rule = QUALITIES.find(([is]) => is(model));
		if (rule && !rule[1].includes(o.quality)) {
			return invalidParam(
				ctx.requestId,
				'quality',
				`Invalid value: '${o.quality}'. Supported values are: ${list(rule[1])}.`,
			);
		}
	}
	return undefined;
}

/** How results go out: gpt-image/imagen/gemini always base64; dall-e and others per response_format (default url). */
export function delivery(
	ctx: RequestContext,
	model: string,
	o: CommonOptions,
): { deliver: 'b64' | 'url'; format: ImageFormat; alpha: boolean } {
	const gpt = isGptImage(model);
	const format = ctx.directives.format ?? (gpt ? (o.output_format ?? 'png') : 'png');
	const deliver = isB64OnlyImageModel(model)
		? 'b64'
		: o.response_format === 'b64_json'
			? 'b64'
			: 'url';
	return { deliver, format, alpha: gpt && o.background === 'transparent' && format !== 'jpeg' };
}
