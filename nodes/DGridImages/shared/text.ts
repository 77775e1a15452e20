const TEXT_QUOTE_LIMIT = 500;

/** A model's or gateway's text quoted in an error message, cut so a long answer stays readable. */
export const quoteText = (text: string) =>
	`"${text.length > TEXT_QUOTE_LIMIT ? `${text.slice(0, TEXT_QUOTE_LIMIT)}…` : text}"`;
