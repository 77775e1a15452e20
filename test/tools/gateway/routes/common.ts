// Body access shared by the JSON routes.
import type { RequestContext } from '../context';
import { badRequestBody } from '../errors';
import type { Reply } from '../reply';

export type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; reply: Reply };

/** The body as a JSON object, or the 400 New API sends for anything else. */
export function jsonObject(ctx: RequestContext): BodyResult {
	const b = ctx.body;
	const fail = (msg: string): BodyResult => ({
		ok: false,
		reply: badRequestBody(ctx.requestId, msg),
	});
	if (b.multipart || b.multipartError) return fail('this endpoint expects a JSON body');
	if (b.jsonError !== undefined) return fail(`invalid JSON body: ${b.jsonError}`);
	if (typeof b.json !== 'object' || b.json === null || Array.isArray(b.json))
		return fail('the JSON body must be an object');
	return { ok: true, body: b.json as Record<string, unknown> };
}
