/**
 * Keeping the DGrid key out of everything the node emits. A gateway can echo the key back
 * (a buggy proxy quoting the Authorization header in its error, a model repeating it), so
 * text from DGrid is cleaned of the credential's actual key value and of anything shaped
 * like a key before it reaches an error, an item's json or a log line.
 */

/** The credential's key in the forms it can take in text; longest first. */
export type Secrets = readonly string[];

export const NO_SECRETS: Secrets = [];

/** Shorter values are not keys; cutting them out would only mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

const MASK = '***';

/** The key itself, URL-encoded and JSON-escaped: the ways it shows up inside other text. */
export function secretsOf(apiKey: unknown): Secrets {
	if (typeof apiKey !== 'string') return NO_SECRETS;
	const key = apiKey.trim().replace(/^Bearer\s+/i, '');
	if (key.length < MIN_SECRET_LENGTH) return NO_SECRETS;
	const forms = new Set([key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)]);
	return [...forms].sort((a, b) => b.length - a.length);
}

/** Cuts the given key and anything that looks like a credential out of a text. */
export function redactSecrets(text: string, secrets: Secrets = NO_SECRETS): string {
	let clean = text;
	for (const secret of secrets) clean = clean.split(secret).join(MASK);
	return clean
		.replace(/Bearer\s+(?!\*\*\*)[^\s"',]+/gi, `Bearer ${MASK}`)
		.replace(/([?&](?:key|api_key|apikey)=)(?!\*\*\*)[^&\s"']+/gi, `$1${MASK}`)
		.replace(/\baigw_sk_[A-Za-z0-9_-]{6,}/g, `aigw_sk_${MASK}`)
		.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, `sk-${MASK}`);
}

const MAX_DEPTH = 12;

/** A copy of a JSON value with every string redacted (binary buffers are left alone). */
export function redactDeep<T>(value: T, secrets: Secrets, depth = 0): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value))
		return value;
	if (Array.isArray(value))
		return value.map((entry: unknown) => redactDeep(entry, secrets, depth + 1)) as T;
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		copy[key] = redactDeep(entry, secrets, depth + 1);
	}
	return copy as T;
}

/** The fields of n8n's errors that end up in the UI, the run data or the logs. */
const ERROR_TEXT_FIELDS = ['message', 'description', 'stack'] as const;
const ERROR_DATA_FIELDS = ['messages', 'errorResponse', 'context', 'extra'] as const;

/**
 * Cleans an error in place, whoever built it: message, description, stack, the messages
 * n8n collects, the response it keeps and its cause. Returns the same error.
 */
export function redactError<E>(error: E, secrets: Secrets, depth = 0): E {
	if (error === null || typeof error !== 'object' || depth > 3) return error;
	const record = error as Record<string, unknown>;
	for (const field of ERROR_TEXT_FIELDS) {
		if (typeof record[field] === 'string') record[field] = redactSecrets(record[field], secrets);
	}
	for (const field of ERROR_DATA_FIELDS) {
		if (record[field] !== undefined && record[field] !== null)
			record[field] = redactDeep(record[field], secrets);
	}
	const { cause } = record;
	if (cause instanceof Error) redactError(cause, secrets, depth + 1);
	else if (cause !== undefined && cause !== null) record.cause = redactDeep(cause, secrets);
	return error;
}
