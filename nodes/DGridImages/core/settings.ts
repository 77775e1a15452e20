import type { IExecuteFunctions } from 'n8n-workflow';

import type { ModelChoice } from './sharedProperties';
import { modelParameterName } from './sharedProperties';
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

/** Parallel requests are a property of the whole run, so they are read from the first item. */
export function readConcurrency(this: IExecuteFunctions): number {
	const value = this.getNodeParameter('options.concurrency', 0, 4) as number;
	return Math.min(32, Math.max(1, Math.floor(value) || 1));
}

/** The operation's model id, whichever way the resource locator holds it (see ModelChoice). */
export function readModel(this: IExecuteFunctions, itemIndex: number, choice: ModelChoice): string {
	const parameter = modelParameterName(choice, this.getNode().typeVersion);
	const value = this.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
	return String(value ?? '').trim();
}
