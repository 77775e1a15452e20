// Turns a zod failure into the OpenAI-style 400 the gateway relays from upstream,
// naming the offending parameter the way OpenAI does (`messages[0].content`).
import type { ZodError, ZodIssue } from 'zod';
import { invalidParam } from './errors';
import type { Reply } from './reply';

export function paramPath(path: Array<string | number>): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describe(issue: ZodIssue, param: string): { message: string; code: string } {
	if (issue.code === 'invalid_type' && issue.received === 'undefined') {
		return {
			message: `Missing required parameter: '${param}'.`,
			code: 'missing_required_parameter',
		};
	}
	if (issue.code === 'invalid_enum_value') {
		const allowed = issue.options.map((o) => `'${String(o)}'`).join(', ');
		return {
			message: `Invalid value: '${String(issue.received)}'. Supported values are: ${allowed}.`,
			code: 'invalid_value',
		};
	}
	if (issue.code === 'invalid_union_discriminator') {
		const allowed = issue.options.map((o) => `'${String(o)}'`).join(', ');
		return {
			message: `Invalid value for '${param}'. Supported values are: ${allowed}.`,
			code: 'invalid_value',
		};
	}
	if (issue.code === 'invalid_type') {
		return {
			message: `Invalid type for '${param}': expected ${issue.expected}, but got ${issue.received} instead.`,
			code: 'invalid_type',
		};
	}
	return { message: `Invalid value for '${param}': ${issue.message}`, code: 'invalid_value' };
}

/** For unions, the branch issue that got furthest into the value is the useful one. */
function mostSpecific(issue: ZodIssue, depth = 0): ZodIssue {
	if (issue.code !== 'invalid_union' || depth > 10) return issue;
	let best: ZodIssue = issue;
	for (const e of issue.unionErrors) {
		for (const candidate of e.issues.map((i) => mostSpecific(i, depth + 1))) {
			if (candidate.path.length > best.path.length) best = candidate;
		}
	}
	return best;
}

export function zodErrorReply(requestId: string, error: ZodError): Reply {
	const issue = mostSpecific(error.issues[0]);
	const param = paramPath(issue.path) || 'body';
	const { message, code } = describe(issue, param);
	return invalidParam(requestId, param, message, code);
}
