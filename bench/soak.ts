// npm run soak — a fault soak of the DGrid Images node: 300 prompts through n8n-core's real
// engine (test/tools/harness, filesystem binary mode, "On Error: continue (using error output)")
// against the test gateway on 127.0.0.1, with a seeded ~10 % of the requests answered 429 (with
// and without Retry-After), 503, a reset connection or a slow answer. Then every item must be
// accounted for exactly once — delivered (its image byte-identical to one the gateway produced)
// or failed with a reason — and no prompt may have been generated twice. Exit code 1 otherwise.
//
//   SOAK_ITEMS=300 SOAK_FAULT_PERCENT=10 SOAK_SEED=20261129 SOAK_LATENCY_MS=50 SOAK_SLOW_MS=1500 \
//   SOAK_IMAGE_BYTES=16384 npm run soak
//   SOAK_CONCURRENCY=16 npm run soak   # a fixed Parallelism instead of the node's default
import { createHash } from 'node:crypto';

import { startGateway, type RandomFaultKind, type RecordedRequest } from '../test/tools/gateway';
import { cleanupHarness, runWorkflow, type ResultItem } from '../test/tools/harness';

function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
	return n;
}

const ITEMS = Math.max(1, envInt('SOAK_ITEMS', 300));
const FAULT_PERCENT = Math.min(100, envInt('SOAK_FAULT_PERCENT', 10));
const SEED = envInt('SOAK_SEED', 20261129);
const LATENCY_MS = envInt('SOAK_LATENCY_MS', 50);
const SLOW_MS = envInt('SOAK_SLOW_MS', 1500);
const CONCURRENCY = process.env.SOAK_CONCURRENCY ? envInt('SOAK_CONCURRENCY', 4) : undefined;
/** Bounded: the whole run is cancelled after this long. */
const RUN_TIMEOUT_MS = envInt('SOAK_TIMEOUT_MS', 15 * 60 * 1000);

/**
 * The gateway's small test images repeat every 256 seeds; `[dgrid:bytes=N]` images carry their
 * seed in a tEXt chunk, so every image of the run has its own bytes and matches one to one.
 */
const IMAGE_BYTES = envInt('SOAK_IMAGE_BYTES', 16384);

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const promptOf = (index: number) =>
	`soak picture ${index + 1} of ${ITEMS} [dgrid:bytes=${IMAGE_BYTES}]`;

/** The input item an output item belongs to (n8n's pairedItem: a number, {item}, or a list). */
function inputIndex(item: ResultItem): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	if (typeof paired === 'number') return paired;
	const index = (paired as { item?: unknown } | undefined)?.item;
	return typeof index === 'number' ? index : undefined;
}

/** An error message without what differs per item (request ids, item numbers), for grouping. */
function reasonGroup(message: string): string {
	return message
		.replace(/\(request id: [^)]*\)/g, '(request id: …)')
		.replace(/\bitem \d+\b/g, 'item N')
		.replace(/\d{14}\d*[A-Za-z]*/g, '…')
		.slice(0, 240);
}

function count<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return counts;
}

interface Accounting {
	delivered: number[];
	failed: Array<{ index: number; reason: string }>;
	lost: number[];
	duplicated: number[];
	unpaired: number;
	/** Output images whose bytes the gateway never produced, or produced for another output too. */
	unmatchedImages: number;
	/** Images the gateway produced and answered with, that no output item carries. */
	undeliveredImages: number;
	/** Prompts the gateway answered 200 more than once (the node asked again after a success). */
	generatedTwice: string[];
	/** Delivered items whose json (the revised prompt in DGrid's answer) quotes another item's prompt; undefined: no prompt in json. */
	crossed?: number;
}

function account(
	items: ResultItem[],
	errorItems: ResultItem[],
	requests: RecordedRequest[],
	produced: Buffer[],
): Accounting {
	const outcomes = new Map<number, number>();
	const delivered: number[] = [];
	const failed: Array<{ index: number; reason: string }> = [];
	let unpaired = 0;
	const note = (item: ResultItem, ok: boolean) => {
		const index = inputIndex(item);
		if (index === undefined || index < 0 || index >= ITEMS) {
			unpaired++;
			return;
		}
		outcomes.set(index, (outcomes.get(index) ?? 0) + 1);
		if (ok) delivered.push(index);
		else
			failed.push({
				index,
				reason: String(item.json.error ?? item.json.message ?? JSON.stringify(item.json)).slice(
					0,
					500,
				),
			});
	};
	let quoting = 0;
	let crossed = 0;
	for (const item of items) {
		note(item, true);
		// dall-e-3's revised prompt quotes the prompt: the answer an item carries must be its own.
		const text = JSON.stringify(item.json);
		if (!text.includes('soak picture')) continue;
		quoting++;
		if (!text.includes(promptOf(inputIndex(item) ?? -1))) crossed++;
	}
	for (const item of errorItems) note(item, false);

	const producedDigests = count(produced.map(digest));
	const outputDigests = count(
		items.map((item) => digest(item.binary?.data?.buffer ?? Buffer.alloc(0))),
	);
	let unmatchedImages = 0;
	for (const [d, n] of outputDigests)
		if (producedDigests.get(d) !== 1 || n !== 1) unmatchedImages += n;
	let undeliveredImages = 0;
	for (const [d, n] of producedDigests) if (!outputDigests.has(d)) undeliveredImages += n;

	const okPrompts = requests
		.filter((r) => r.route === 'generations' && r.status === 200)
		.map((r) => String((r.json as { prompt?: unknown } | undefined)?.prompt ?? ''));
	const generatedTwice = [...count(okPrompts)].filter(([, n]) => n > 1).map(([p]) => p);

	return {
		delivered,
		failed,
		lost: Array.from({ length: ITEMS }, (_, i) => i).filter((i) => !outcomes.has(i)),
		duplicated: [...outcomes].filter(([, n]) => n > 1).map(([i]) => i),
		unpaired,
		unmatchedImages,
		undeliveredImages,
		generatedTwice,
		crossed: quoting > 0 ? crossed : undefined,
	};
}

async function main(): Promise<void> {
	const gateway = await startGateway({
		latencyMs: LATENCY_MS,
		randomFaults: { percent: FAULT_PERCENT, seed: SEED, slowMs: SLOW_MS },
	});
	const started = Date.now();
	console.log(
		`Fault soak: ${ITEMS} items through DGrid Images (Generate, dall-e-3, ${CONCURRENCY === undefined ? 'default parallelism' : `Parallelism ${CONCURRENCY}`}) in n8n-core's engine, ` +
			`gateway on 127.0.0.1 with ${LATENCY_MS} ms latency and ${FAULT_PERCENT} % seeded faults (seed ${SEED}: 429, 429 + Retry-After: 1, 503, reset, ${SLOW_MS} ms slow).`,
	);
	let exitCode = 0;
	try {
		const result = await runWorkflow({
			node: {
				parameters: {
					operation: 'generate',
					model: { __rl: true, mode: 'id', value: 'dall-e-3' },
					prompt: '={{ $json.prompt }}',
					options: CONCURRENCY === undefined ? {} : { concurrency: CONCURRENCY },
				},
				typeVersion: 2,
				onError: 'continueErrorOutput',
			},
			credentials: { apiKey: gateway.apiKey, baseUrl: gateway.baseUrl },
			input: Array.from({ length: ITEMS }, (_, i) => ({ json: { prompt: promptOf(i) } })),
			binaryMode: 'filesystem',
			timeoutMs: RUN_TIMEOUT_MS,
		});
		const seconds = (Date.now() - started) / 1000;
		const relay = gateway.requests.filter((r) => r.route !== 'models');
		const faults = count(
			relay.map((r) => r.randomFault).filter((k): k is RandomFaultKind => k !== undefined),
		);
		const a = account(
			result.items,
			result.errorItems,
			relay,
			gateway.produced.map((p) => p.bytes),
		);

		console.log(
			`\nRun: ${seconds.toFixed(1)} s${result.error ? `; the run itself failed: ${result.error.message}` : ''}.`,
		);
		console.log(
			`Gateway: ${relay.length} requests for ${ITEMS} items (${(relay.length / ITEMS).toFixed(2)} per item); faults injected: ${[...faults].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}.`,
		);
		console.log(
			`Statuses: ${[...count(relay.map((r) => (r.status === 0 ? 'no answer' : String(r.status))))].map(([k, n]) => `${k} ×${n}`).join(', ')}.`,
		);
		console.log(
			`\nItems: ${a.delivered.length} delivered, ${a.failed.length} failed, ${a.lost.length} lost, ${a.duplicated.length} duplicated (${ITEMS} in).`,
		);
		for (const [reason, n] of count(a.failed.map((f) => reasonGroup(f.reason))))
			console.log(`  failed ×${n}: ${reason}`);
		if (a.failed.length)
			console.log(
				`  failed items: ${a.failed
					.map((f) => f.index)
					.sort((x, y) => x - y)
					.join(', ')}`,
			);
		console.log(
			`Images: ${a.delivered.length - a.unmatchedImages} of ${result.items.length} delivered images match one produced image each; ` +
				`${a.unmatchedImages} do not; ${a.undeliveredImages} produced but not delivered; prompts generated twice: ${a.generatedTwice.length}.`,
		);
		console.log(
			a.crossed === undefined
				? 'Answers: the output json does not quote the prompt (no revised prompt), so which request an image answered is not checked.'
				: `Answers: ${result.items.length - a.crossed} delivered items carry their own prompt's answer (its revised prompt), ${a.crossed} another item's.`,
		);
		// The node reports how many requests each item sent (json.attempts).
		const attempts = [...result.items, ...result.errorItems]
			.map((item) => item.json.attempts)
			.filter((n): n is number => typeof n === 'number');
		if (attempts.length) {
			const spread = [...count(attempts)]
				.sort(([x], [y]) => x - y)
				.map(([n, items]) => `${n} ×${items}`);
			console.log(`Attempts per item (json.attempts): ${spread.join(', ')}.`);
		}

		const problems = [
			a.lost.length && `${a.lost.length} lost (items ${a.lost.slice(0, 20).join(', ')})`,
			a.duplicated.length &&
				`${a.duplicated.length} duplicated (items ${a.duplicated.slice(0, 20).join(', ')})`,
			a.unpaired && `${a.unpaired} output items without a valid pairedItem`,
			a.unmatchedImages &&
				`${a.unmatchedImages} delivered images not matched one to one with the gateway's`,
			a.undeliveredImages &&
				`${a.undeliveredImages} images the gateway answered with were never delivered`,
			a.generatedTwice.length && `${a.generatedTwice.length} prompts generated twice`,
			a.crossed && `${a.crossed} items carry another item's answer`,
			result.error && `the run failed: ${result.error.message}`,
		].filter(Boolean);
		if (problems.length) {
			exitCode = 1;
			console.log(`\nFAIL: ${problems.join('; ')}.`);
		} else {
			console.log(
				`\nOK: every item accounted for once (${a.delivered.length} delivered, ${a.failed.length} failed with a reason).`,
			);
		}
	} finally {
		await gateway.close();
		await cleanupHarness();
	}
	process.exitCode = exitCode;
}

main().catch((error: unknown) => {
	console.error((error as Error).stack ?? error);
	process.exitCode = 1;
});
