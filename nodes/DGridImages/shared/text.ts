/** The first `limit` characters of `text`, with an ellipsis when it was longer. */
export const excerpt = (text: string, limit: number): string =>
	text.length > limit ? `${text.slice(0, limit)}…` : text;

const TEXT_QUOTE_LIMIT = 500;

/** A model's or gateway's text quoted in an error message, cut so a long answer stays readable. */
export const quoteText = (text: string) => `"${excerpt(text, TEXT_QUOTE_LIMIT)}"`;
