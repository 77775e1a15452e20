import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_LINK_EXPIRY_MINUTES } from './imageLinks';
import type { LinkSettings } from './imageLinks';
import type { ModelChoice } from '../description/models';
import { modelParameterName } from '../description/sharedProperties';
import type { PaceLimits } from '../../transport/pace';
import type { RequestSettings } from '../../transport/request';

export interface OutputSettings {
	binaryPropertyName: string;
	outputMode: 'itemPerImage' | 'oneItem';
	downloadImages: boolean;
	links: LinkSettings;
}

/**
 * The item's Options collection (every operation has one), read once per item: each read of a
 * parameter makes n8n resolve and validate it, so the settings below are taken from this one
 * read instead of reading each option on its own.
 */
export function readOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** An option's value, or `fallback` when it is not set (as n8n's getNodeParameter does). */
const option = <T>(options: IDataObject, name: string, fallback: T): T =>
	(options[name] === undefined ? fallback : options[name]) as T;

/** The request settings among an item's Options (see description/sharedProperties.ts). */
export function requestSettingsOf(options: IDataObject): RequestSettings {
	const timeoutSeconds = option(options, 'timeout', 600);
	const maxRetries = option(options, 'maxRetries', 2);
	return {
		timeoutMs: Math.max(1, timeoutSeconds) * 1000,
		maxRetries: Math.max(0, Math.floor(maxRetries)),
	};
}

/** The output settings among an item's Options. */
export function outputSettingsOf(options: IDataObject): OutputSettings {
	const field = option(options, 'binaryPropertyName', 'data').trim();
	return {
		binaryPropertyName: field || 'data',
		outputMode: option<OutputSettings['outputMode']>(options, 'outputMode', 'itemPerImage'),
		downloadImages: option(options, 'downloadImages', true),
		links: {
			enabled: option(options, 'imageLinks', false),
			expiryMinutes: Math.max(
				0.1,
				Number(option(options, 'imageLinkExpiry', DEFAULT_LINK_EXPIRY_MINUTES)) ||
					DEFAULT_LINK_EXPIRY_MINUTES,
			),
		},
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

/**
 * The operation's model id, whichever way the resource locator holds it (see ModelChoice), in
 * the parameter the node's version `typeVersion` names it.
 */
export function readModel(
	this: IExecuteFunctions,
	itemIndex: number,
	choice: ModelChoice,
	typeVersion: number,
): string {
	const parameter = modelParameterName(choice, typeVersion);
	const value = this.getNodeParameter(parameter, itemIndex, '', { extractValue: true });
	return String(value ?? '').trim();
}
