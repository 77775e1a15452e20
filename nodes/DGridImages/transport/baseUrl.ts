import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api.dgrid.ai';

/**
 * The gateway root from the credential's Base URL: trimmed, without trailing slashes or a
 * trailing `/v1` (people paste either), and only http(s) — anything else would fail deep inside
 * the HTTP client with a message that does not say which setting is wrong.
 */
export function baseUrlOf(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	configured: string | undefined,
	itemIndex = 0,
): string {
	const raw = (configured ?? '').trim() || DEFAULT_BASE_URL;
	const baseUrl = raw.replace(/\/+$/, '').replace(/\/v1$/, '');
	let protocol: string;
	try {
		protocol = new URL(baseUrl).protocol;
	} catch {
		protocol = '';
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw new NodeOperationError(
			this.getNode(),
			`The Base URL in the DGrid API credential is not an http(s) URL: "${raw}"`,
			{ description: `Use a URL like ${DEFAULT_BASE_URL} (without /v1).`, itemIndex },
		);
	}
	return baseUrl;
}
