// zod schemas for every documented request shape. Unknown keys are stripped (the real
// gateway drops them); optional fields accept null like OpenAI does.
import { z } from 'zod';

const sizeWxH = z
	.string()
	.regex(/^\d{1,5}x\d{1,5}$/, "size must look like '1024x1024' or be 'auto'");
// New API reads a size holding ':' ("16:9") as the aspect ratio of Imagen/Gemini models.
const sizeRatio = z.string().regex(/^\d{1,2}:\d{1,2}$/);
export const imageSize = z.union([z.literal('auto'), sizeWxH, sizeRatio]);
const quality = z.enum(['standard', 'hd', 'low', 'medium', 'high', 'auto']);
const outputFormat = z.enum(['png', 'jpeg', 'webp']);
const count = z.number().int().min(1).max(10);
const compression = z.number().int().min(0).max(100);

/** Options shared by OpenAI-shaped generations and edits (after multipart fields are typed). */
const openAiImageOptions = {
	model: z.string().min(1).nullish(),
	n: count.nullish(),
	size: imageSize.nullish(),
	quality: quality.nullish(),
	response_format: z.enum(['url', 'b64_json']).nullish(),
	user: z.string().nullish(),
	background: z.enum(['transparent', 'opaque', 'auto']).nullish(),
	output_format: outputFormat.nullish(),
	output_compression: compression.nullish(),
};

export const generationSchema = z.object({
	// prompt presence is checked by the gateway itself (HTTP 500, see routes/generations.ts)
	prompt: z.string().max(4000),
	style: z.enum(['vivid', 'natural']).nullish(),
	moderation: z.enum(['low', 'auto']).nullish(),
	// Not an OpenAI field: New API keeps it for the MiniMax channel only (routes/generations.ts).
	aspect_ratio: z.unknown(),
	...openAiImageOptions,
});
export type GenerationRequest = z.infer<typeof generationSchema>;

export const editOptionsSchema = z.object({
	prompt: z.string().max(32000),
	input_fidelity: z.enum(['high', 'low']).nullish(),
	...openAiImageOptions,
});
export type EditOptions = z.infer<typeof editOptionsSchema>;

/** JSON variant of /v1/images/edits: images by URL or data URL. */
export const editJsonSchema = editOptionsSchema.extend({
	images: z.array(z.object({ image_url: z.string().min(1) })).min(1),
	mask: z.object({ image_url: z.string().min(1) }).nullish(),
});
export type EditJsonRequest = z.infer<typeof editJsonSchema>;

// Gemini native generateContent.
export const ASPECT_RATIOS = [
	'1:1',
	'2:3',
	'3:2',
	'3:4',
	'4:3',
	'4:5',
	'5:4',
	'9:16',
	'16:9',
	'21:9',
] as const;
const aspectRatio = z.enum(ASPECT_RATIOS);
const geminiImageSize = z
	.string()
	.regex(/^(\d+K|\d{1,5}x\d{1,5})$/i, "imageSize must be '1K', '2K' or '4K'");
const geminiPart = z
	.object({
		text: z.string().optional(),
		inlineData: z.object({ mimeType: z.string().min(1), data: z.string().min(1) }).optional(),
		fileData: z.object({ mimeType: z.string().optional(), fileUri: z.string().min(1) }).optional(),
		thought: z.boolean().optional(),
		thoughtSignature: z.string().optional(),
	})
	.refine(
		(p) => p.text !== undefined || p.inlineData || p.fileData,
		'a part needs text, inlineData or fileData',
	);
export const generateContentSchema = z.object({
	contents: z
		.array(
			z.object({ role: z.enum(['user', 'model']).optional(), parts: z.array(geminiPart).min(1) }),
		)
		.min(1),
	generationConfig: z
		.object({
			responseModalities: z
				.array(
					z
						.string()
						.transform((s) => s.toUpperCase())
						.pipe(z.enum(['TEXT', 'IMAGE'])),
				)
				.min(1)
				.optional(),
			imageConfig: z
				.object({ aspectRatio: aspectRatio.optional(), imageSize: geminiImageSize.optional() })
				.optional(),
			candidateCount: z.number().int().min(1).max(8).optional(),
			temperature: z.number().min(0).max(2).optional(),
			topP: z.number().min(0).max(1).optional(),
			topK: z.number().int().min(1).optional(),
			maxOutputTokens: z.number().int().min(1).optional(),
			seed: z.number().int().optional(),
		})
		.optional(),
	safetySettings: z
		.array(z.object({ category: z.string().min(1), threshold: z.string().min(1) }))
		.optional(),
	systemInstruction: z
		.object({ role: z.string().optional(), parts: z.array(geminiPart).min(1) })
		.optional(),
});
export type GenerateContentRequest = z.infer<typeof generateContentSchema>;
export type GeminiPart = z.infer<typeof geminiPart>;

// OpenAI chat completions (Gemini image models behind it).
const chatPart = z.discriminatedUnion('type', [
	z.object({ type: z.literal('text'), text: z.string() }),
	z.object({
		type: z.literal('image_url'),
		image_url: z.object({
			url: z.string().min(1),
			detail: z.enum(['auto', 'low', 'high']).optional(),
		}),
	}),
]);
export const chatSchema = z.object({
	model: z.string().min(1),
	messages: z
		.array(
			z.object({
				role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
				content: z.union([z.string(), z.array(chatPart).min(1)]),
				name: z.string().optional(),
			}),
		)
		.min(1),
	stream: z.boolean().nullish(),
	stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
	max_tokens: z.number().int().min(1).nullish(),
	temperature: z.number().min(0).max(2).nullish(),
	modalities: z.array(z.string()).nullish(),
	// snake_case only: camelCase keys here are dropped like the real gateway drops them
	extra_body: z
		.object({
			google: z
				.object({
					image_config: z
						.object({
							aspect_ratio: aspectRatio.optional(),
							image_size: geminiImageSize.optional(),
						})
						.optional(),
				})
				.optional(),
		})
		.nullish(),
});
export type ChatRequest = z.infer<typeof chatSchema>;
export type ChatPart = z.infer<typeof chatPart>;
