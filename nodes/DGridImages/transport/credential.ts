import type { ICredentialsDecrypted, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { Secrets } from './redact';
import { NO_SECRETS, secretsOf } from './redact';

/**
 * The node's DGrid credential, decrypted, in the shape n8n's `httpRequestWithAuthentication`
 * accepts as already read (`credentialsDecrypted`). Every read is a database query and a
 * decryption in n8n, and the helper reads it again for each request unless handed this: so a
 * node execution reads it once (core/pipeline/router.ts) and every call of its items uses that.
 */
export type DGridCredential = ICredentialsDecrypted;

export const DGRID_CREDENTIAL_TYPE = 'dgridApi';

/**
 * Reads the credential; throws n8n's own error when none is set. n8n's request helper resolves
 * the key without an item (as item 0), so the key read here is the one that goes on the wire.
 */
export async function readCredential(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex = 0,
): Promise<DGridCredential> {
	const data = await this.getCredentials(DGRID_CREDENTIAL_TYPE, itemIndex);
	const chosen = this.getNode().credentials?.[DGRID_CREDENTIAL_TYPE];
	return { id: chosen?.id ?? '', name: chosen?.name ?? '', type: DGRID_CREDENTIAL_TYPE, data };
}

/** A text field of the credential (apiKey, baseUrl), or undefined. */
export function credentialText(
	credential: DGridCredential,
	field: 'apiKey' | 'baseUrl',
): string | undefined {
	const value = credential.data?.[field];
	return typeof value === 'string' ? value : undefined;
}

/** The forms of the credential's key to cut out of text; none without a credential. */
export const secretsOfCredential = (credential: DGridCredential | undefined): Secrets =>
	credential ? secretsOf(credentialText(credential, 'apiKey')) : NO_SECRETS;
