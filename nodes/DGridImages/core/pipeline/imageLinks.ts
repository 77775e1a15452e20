import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Links to stored images: on with the Image Links option, and always for an AI Agent. */
export interface LinkSettings {
	enabled: boolean;
	expiryMinutes: number;
}

/** A day, as n8n's own default for signed binary-data links. */
export const DEFAULT_LINK_EXPIRY_MINUTES = 1440;

/** A link anyone holding it can open until it expires, or why there is none. */
export type ImageLink = { url: string; expiresAt?: string } | { unavailable: string };

export const NO_LINK_IN_MEMORY_MODE =
	'No link: this n8n keeps binary data in memory, where images cannot be linked; set N8N_DEFAULT_BINARY_DATA_MODE=filesystem (or database) to get links.';

/**
 * n8n's signed binary-data URL (`<n8n>/rest/binary-data/signed?token=…`): it needs no login and
 * expires. n8n can sign only images it stored outside memory, which have an id.
 */
export function linkToImage(
	this: IExecuteFunctions,
	binary: IBinaryData,
	settings: LinkSettings,
	now = Date.now(),
): ImageLink {
	if (!binary.id) return { unavailable: NO_LINK_IN_MEMORY_MODE };
	if (typeof this.helpers.createBinarySignedUrl !== 'function') {
		return {
			unavailable:
				'No link: this n8n version cannot make links to stored files (it needs n8n 1.x or later).',
		};
	}
	const seconds = Math.max(1, Math.round(settings.expiryMinutes * 60));
	try {
		const url = this.helpers.createBinarySignedUrl(binary, `${seconds}s`);
		return { url, expiresAt: new Date(now + seconds * 1000).toISOString() };
	} catch (error) {
		return { unavailable: `No link: n8n could not sign one (${(error as Error).message}).` };
	}
}

/** How an item's json carries a link (or why it has none). */
export const linkJson = (link: ImageLink): IDataObject =>
	'url' in link
		? { imageLink: link.url, ...(link.expiresAt ? { imageLinkExpiresAt: link.expiresAt } : {}) }
		: { imageLinkUnavailable: link.unavailable };
