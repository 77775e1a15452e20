import type { IExecuteFunctions } from 'n8n-workflow';

import type { ModelChoice } from './sharedProperties';
import { modelParameterName } from './sharedProperties';
import type { PaceLimits } from '../transport/pace';
import type { RequestSettings } from '../transport/request';

export interface OutputSettings {
	binaryPropertyName: string;
	outputMode: 'itemPerImage' | 'oneItem';
	downloadImages: boolean;
}

/** Reads the shared Options of one item (see sharedProperties.ts). */
export function readRequestSettings(this: IExecuteFunctions, itemIndex: number): RequestSettings {
	const timeoutSeconds = this.getNodeParameter('options.timeout', itemIndex, 600) as number;
	const maxRetries = this.getNodeParameter('options.maxRetries', itemIndex, 2) as number;
	return {
		timeoutMs: Math.max(1, timeoutSeconds) * 1000,
		maxRetries: Math.max(0, Math.floor(maxRetries)),
	};
}

export function readOutputSettings(this: IExecuteFunctions, itemIndex: number): OutputSettings {
	const field = (this.getNodeParameter('options.binaryPropertyName', itemIndex, 'data') as string).trim();
	return {
		binaryPropertyName: field || 'data',
		outputMode: this.getNodeParameter('options.outputMode', itemIndex, 'itemPerImage') as
			| 'itemPerImage'
			| 'oneItem',
		downloadImages: this.getNodeParameter('options.downloadImages', itemIndex, true) as boolean,
	};
}

/**
 * The automatic pace's bounds: where it starts, and the most calls at once it grows to. 16 at
 * first: a batch of 60 is sent in two round trips where the gateway has headroom, and where it
 * has not, one burst of 429s (answered at once, never paid) finds the key's limit as 8 would.
 */
export const AUTOMATIC_PACE = { initial: 16, max: 64 };

/**
 * Parallel requests are a property of the whole run, so they are read from the first item.
 * 0 (the default) lets the pace find the gateway's limit; a number caps it.
 */
export function readPaceLimits(this: IExecuteFunctions): PaceLimits {
	const value = Math.floor(Number(this.getNodeParameter('options.concurrency', 0, 0)) || 0);
	if (value <= 0) return AUTOMATIC_PACE;
	const max = Math.min(AUTOMATIC_PACE.max, value);
	return { initial: Math.min(AUTOMATIC_PACE.initial, max), max };
}

/** The operation's model id, whichever way the resource locator holds it (see ModelChoice). */
export function readModel(this: IExecuteFunctions, itemIndex: number, choice: ModelChoice): string {
	const parameter = modelParameterName(choice, this.getNode().typeVersion);
	const value = this.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
	return String(value ?? '').trim();
}
