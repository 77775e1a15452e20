import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { dgridNetworkError, dgridOperationError, readNetworkFailure } from './errors';
import type { RequestSettings } from './request';
import { isRetryableNetworkError, retryDelayMs } from './retryPolicy';

interface DownloadContext {
	itemIndex: number;
	operationName: string;
	settings: RequestSettings;
}

/** The host of a URL for messages: enough to tell which server failed, never a query string. */
export function describeUrlHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'an invalid URL';
	}
}

/**
 * Fetches an image a URL points at (a result on DGrid's CDN, or an input image). It goes
 * through the plain `httpRequest` helper: the DGrid key must never travel to another host.
 * `data:` URLs never get here: core/dataUrl.ts decodes them where they are met.
 */
export async function downloadUrl(
	this: IExecuteFunctions,
	url: string,
	context: DownloadContext,
): Promise<{ data: Buffer; contentType?: string }> {
	const host = describeUrlHost(url);
	const fail = (reason: string) =>
		dgridOperationError(
			this.getNode(),
			context.itemIndex,
			`${context.operationName} failed for item ${context.itemIndex}: could not download the image from ${host}`,
			reason,
		);
	if (!/^https?:\/\//i.test(url)) throw fail(`Only http(s) and data: URLs can be downloaded, got "${url.slice(0, 60)}".`);

	for (let attempt = 0; ; attempt++) {
		let response: { statusCode: number; headers: Record<string, unknown>; body: Buffer };
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: context.settings.timeoutMs,
				json: false,
			})) as typeof response;
		} catch (error) {
			const { code, message } = readNetworkFailure(error);
			if (attempt < context.settings.maxRetries && isRetryableNetworkError(code, message)) {
				await sleep(retryDelayMs(attempt, undefined));
				continue;
			}
			throw dgridNetworkError(
				this.getNode(),
				context.itemIndex,
				`${context.operationName} failed for item ${context.itemIndex}: could not download the image from ${host}`,
				{ code, description: message },
			);
		}
		const { statusCode } = response;
		if (statusCode >= 500 && attempt < context.settings.maxRetries) {
			await sleep(retryDelayMs(attempt, undefined));
			continue;
		}
		if (statusCode >= 400) throw fail(`The server answered HTTP ${statusCode}.`);
		const contentType = response.headers['content-type'];
		return {
			data: Buffer.from(response.body),
			contentType: typeof contentType === 'string' ? contentType : undefined,
		};
	}
}
