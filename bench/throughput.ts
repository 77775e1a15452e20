// Benchmark: a batch of prompts through the real n8n engine against the test gateway with a
// realistic per-call latency. Baseline in the same run: one request at a time, which is how
// n8n's own OpenAI and Gemini image operations process items. Prints numbers; asserts nothing.
import { cleanupHarness, runWorkflow } from '../test/harness';
import { startGateway } from '../test/gateway';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 24);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 250);
const CONCURRENCY_LEVELS = [1, 4, 8];

interface Row {
	label: string;
	seconds: number;
	itemsPerSecond: number;
	heapDeltaMb: number;
	speedup: string;
}

async function measure(
	label: string,
	baseUrl: string,
	apiKey: string,
	concurrency: number,
	operation: Record<string, unknown>,
): Promise<Omit<Row, 'speedup'>> {
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	const result = await runWorkflow({
		node: { parameters: { ...operation, options: { concurrency, maxRetries: 0 } } },
		credentials: { apiKey, baseUrl },
		input: Array.from({ length: ITEMS }, (_, index) => ({ json: { prompt: `benchmark picture number ${index}` } })),
		timeoutMs: 600_000,
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.error) throw new Error(`${label}: ${result.error.message}`);
	if (result.items.length !== ITEMS) throw new Error(`${label}: ${result.items.length} items, expected ${ITEMS}`);
	const heapDeltaMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
	return { label, seconds, itemsPerSecond: ITEMS / seconds, heapDeltaMb };
}

async function main() {
	const gateway = await startGateway({ latencyMs: LATENCY_MS });
	const operations: Array<[string, Record<string, unknown>]> = [
		['generate b64 (gpt-image-1)', { operation: 'generate', model: { __rl: true, mode: 'id', value: 'gpt-image-1' }, prompt: '={{ $json.prompt }}' }],
		['qwen generate + CDN download', { operation: 'qwenGenerate', model: { __rl: true, mode: 'id', value: 'qwen-image' }, prompt: '={{ $json.prompt }}' }],
	];
	console.log(`DGrid Images throughput: ${ITEMS} items, gateway latency ${LATENCY_MS} ms per call, Node ${process.version}`);
	try {
		for (const [name, operation] of operations) {
			const rows: Row[] = [];
			let baseline = 0;
			for (const concurrency of CONCURRENCY_LEVELS) {
				const label = concurrency === 1 ? `${name}, 1 at a time (baseline)` : `${name}, ${concurrency} parallel`;
				const row = await measure(label, gateway.baseUrl, gateway.apiKey, concurrency, operation);
				if (concurrency === 1) baseline = row.seconds;
				rows.push({ ...row, speedup: `${(baseline / row.seconds).toFixed(2)}x` });
			}
			console.table(
				rows.map((row) => ({
					run: row.label,
					seconds: row.seconds.toFixed(2),
					'items/s': row.itemsPerSecond.toFixed(2),
					'heap Δ MB': row.heapDeltaMb.toFixed(1),
					'vs baseline': row.speedup,
				})),
			);
		}
	} finally {
		await gateway.close();
		await cleanupHarness();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
