// Maps method + path to a route. Anything else is a 404 in New API's shape.
import type { ApiRouteName } from './types';

export interface RouteMatch {
	route: ApiRouteName;
	/** Model from the path (generateContent), URL-decoded; may contain '/'. */
	model?: string;
}

const GENERATE_CONTENT = /^\/v1(?:beta)?\/models\/(.+):generateContent$/;

export function matchRoute(method: string, path: string): RouteMatch | undefined {
	if (method === 'GET' && path === '/v1/models') return { route: 'models' };
	if (method !== 'POST') return undefined;
	if (path === '/v1/images/generations') return { route: 'generations' };
	if (path === '/v1/images/edits') return { route: 'edits' };
	if (path === '/v1/chat/completions') return { route: 'chat' };
	const m = GENERATE_CONTENT.exec(path);
	if (m) {
		try {
			return { route: 'generateContent', model: decodeURIComponent(m[1]) };
		} catch {
			return undefined;
		}
	}
	return undefined;
}
