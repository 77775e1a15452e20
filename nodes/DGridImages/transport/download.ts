import type { IExecuteFunctions } from 'n8n-workflow';

import type { BrokenBodyInfo } from './body';
import { catchBrokenBody, discardBody, readWholeBody } from './body';
import { stoppedBy, watchStop } from './cancel';
import {
	dgridNetworkError,
	dgridOperationError,
	itemFailure,
	readNetworkFailure,
	seconds,
} from './errors';
import { contentLengthOf } from './headers';
import type { RequestSettings } from './request';
import { takeReadingShare } from './request';
import { isRetryableNetworkError, retryDelayMs } from './retryPolicy';

interface DownloadContext {
	itemIndex: number;
	operationName: string;
	settings: RequestSettings;
	/**
	 * A result image: it waits for its turn in the reading budget like a large answer. (Input
	 * images do not: the item goes on to call DGrid, and must not hold the budget meanwhile.)
	 */
	isResult?: boolean;
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
 * `data:` URLs never get here: core/images/dataUrl.ts decodes them where they are met.
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
			itemFailure(context, `could not download the image from ${host}`),
			reason,
		);
	if (!/^https?:\/\//i.test(url))
		throw fail(`Only http(s) and data: URLs can be downloaded, got "${url.slice(0, 60)}".`);
	// The plain httpRequest helper does not attach the execution's stop signal by itself.
	const { signal, canceled, pause } = watchStop(this, context.itemIndex, context.operationName);

	for (let attempt = 0; ; attempt++) {
		const mayRetry = attempt < context.settings.maxRetries && !signal?.aborted;
		let response: { statusCode: number; headers: Record<string, unknown>; body: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				// A stream, so a body that stops part-way is noticed (body.ts), not waited on forever.
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: context.settings.timeoutMs,
				json: false,
				...(signal ? { abortSignal: signal } : {}),
			})) as typeof response;
		} catch (error) {
			if (stoppedBy(error, signal)) throw canceled();
			const { code, message } = readNetworkFailure(error);
			if (mayRetry && isRetryableNetworkError(code, message)) {
				await pause(retryDelayMs(attempt, undefined));
				continue;
			}
			throw dgridNetworkError(
				this.getNode(),
				context.itemIndex,
				itemFailure(context, `could not download the image from ${host}`),
				{ code, description: message },
			);
		}
		const { statusCode } = response;
		if (statusCode >= 400) {
			discardBody(response.body);
			if (statusCode >= 500 && mayRetry) {
				await pause(retryDelayMs(attempt, undefined));
				continue;
			}
			throw fail(`The server answered HTTP ${statusCode}.`);
		}
		const length = contentLengthOf(response.headers);
		if (context.isResult) await takeReadingShare(this, context, length);
		const read = await catchBrokenBody(
			readWholeBody(response.body, context.settings.timeoutMs, length),
		);
		if ('broken' in read) {
			if (signal?.aborted) throw canceled();
			if (mayRetry && read.broken.retryable) {
				await pause(retryDelayMs(attempt, undefined));
				continue;
			}
			throw fail(describeBrokenDownload(read.broken));
		}
		const contentType = response.headers['content-type'];
		return {
			data: read.value,
			contentType: typeof contentType === 'string' ? contentType : undefined,
		};
	}
}

function describeBrokenDownload(info: BrokenBodyInfo): string {
	return info.kind === 'cut'
		? `The download was cut off after ${info.bytes} bytes${info.detail ? ` (${info.detail})` : ''}.`
		: `The download stalled: no data for ${seconds(info.idleMs ?? 0)} after ${info.bytes} bytes (the Timeout option sets how long the node waits).`;
}
