// Which credentials each route accepts (see dgrid-docs/README.md, "Authentication").
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRouteName } from './types';

export type AuthResult = 'ok' | 'missing' | 'invalid';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const v = headers[name];
	return Array.isArray(v) ? v[0] : v;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
	const h = header(headers, 'authorization');
	if (h === undefined) return undefined;
	const m = /^Bearer\s+(.*)$/i.exec(h.trim());
	return m ? m[1].trim() : h; // a non-Bearer value counts as a (wrong) credential
}

export function authorize(
	route: ApiRouteName,
	headers: IncomingHttpHeaders,
	query: Record<string, string>,
	apiKey: string,
): AuthResult {
	const candidates: Array<string | undefined> = [bearer(headers)];
	// Only the Gemini-native route takes Google-style credentials; elsewhere x-api-key is ignored (→ 401).
	if (route === 'generateContent') {
		candidates.push(header(headers, 'x-api-key'), header(headers, 'x-goog-api-key'), query.key);
	}
	const given = candidates.filter((c): c is string => c !== undefined && c !== '');
	if (given.length === 0) return 'missing';
	return given.includes(apiKey) ? 'ok' : 'invalid';
}
