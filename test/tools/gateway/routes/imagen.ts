// New API's Gemini channel on /v1/images/* (relay/channel/gemini/adaptor.go ConvertImageRequest):
// imagen-* models get Imagen's `:predict` with the prompt alone (input images of an edit are
// never read, audit O9) and an aspect ratio read from `size` only (O11); `aspect_ratio` is not
// a field it knows. Every other Google model is refused before anything is sent (O13).
import type { RequestContext } from '../context';
import { convertRequestFailed, errorReply, upstreamStatusReply } from '../errors';
import type { Reply } from '../reply';
import { aspectDims } from './geminiCommon';
import { openAiImagesReply } from './imageResponse';

/** The sizes New API maps to an aspect ratio; any other size without ':' becomes 1:1. */
const SIZE_AS_RATIO: Record<string, string> = {
	'256x256': '1:1',
	'512x512': '1:1',
	'1024x1024': '1:1',
	'1536x1024': '3:2',
	'1024x1536': '2:3',
	'1024x1792': '9:16',
	'1792x1024': '16:9',
};

/** What Imagen itself accepts. */
export const IMAGEN_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'];

export function imagenAspectRatio(size: string | null | undefined): string {
	const s = (size ?? '').trim();
	if (s.includes(':')) return s;
	return SIZE_AS_RATIO[s] ?? '1:1';
}

export function refuseGeminiModel(ctx: RequestContext): Reply {
	return convertRequestFailed(
		ctx.requestId,
		'not supported model for image generation, only imagen models are supported',
	);
}

export interface ImagenCall {
	model: string;
	prompt: string;
	n: number;
	size?: string | null;
	quality?: string | null;
}

export function imagenReply(ctx: RequestContext, call: ImagenCall): Reply {
	const aspectRatio = imagenAspectRatio(call.size);
	const imageSize = call.quality
		? call.quality === 'hd' || call.quality === 'high'
			? '2K'
			: '1K'
		: undefined;
	ctx.record.upstream = {
		api: `/v1beta/models/${call.model}:predict`,
		body: {
			instances: [{ prompt: call.prompt }],
			parameters: {
				sampleCount: call.n,
				aspectRatio,
				personGeneration: 'allow_adult',
				...(imageSize ? { imageSize } : {}),
			},
		},
	};
	if (!IMAGEN_RATIOS.includes(aspectRatio)) {
		return upstreamStatusReply(
			400,
			ctx.requestId,
			`Unsupported aspect ratio "${aspectRatio}". Supported values are ${IMAGEN_RATIOS.join(', ')}.`,
		);
	}
	if (ctx.directives.refuse) {
		// Filtered predictions are skipped; none left is a 500 the gateway never retries (O12).
		return errorReply(500, ctx.requestId, {
			message: 'no images generated',
			type: 'new_api_error',
			code: 'bad_response_body',
		});
	}
	const format = ctx.directives.format ?? 'png';
	return openAiImagesReply(
		ctx,
		{ model: call.model, prompt: call.prompt, n: call.n, ...aspectDims(aspectRatio), format },
		'b64',
	);
}
