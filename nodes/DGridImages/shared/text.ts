/** The first `limit` characters of `text`, with an ellipsis when it was longer. */
export const excerpt = (text: string, limit: number): string =>
	text.length > limit ? `${text.slice(0, limit)}…` : text;

/** "12 KB", "1.2 MB": a size as people read it in messages and summaries. */
export const formatBytes = (bytes: number) =>
	bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

const TEXT_QUOTE_LIMIT = 500;

/** A model's or gateway's text quoted in an error message, cut so a long answer stays readable. */
export const quoteText = (text: string) => `"${excerpt(text, TEXT_QUOTE_LIMIT)}"`;
