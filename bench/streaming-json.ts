// Micro-benchmark (prints numbers, asserts nothing): peak memory of reading one image answer of
// DGrid — `{"data":[{"b64_json":"<8 or 32 MB of image>"}]}` — arriving in 64 KB pieces as a
// socket delivers it:
//   "JSON.parse": what callDGrid did before — collect the body, make it a string, JSON.parse it,
//                 then decode the base64 (the readers' Buffer.from);
//   "streaming":  transport/jsonStream's readJsonStream, which decodes the image as it arrives.
// Each measurement runs in a fresh Node process, so one cannot inherit the other's heap.
// Run: npx tsc -p bench/tsconfig.json && node .build/bench/bench/streaming-json.js
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { readJsonStream } from '../nodes/DGridImages/transport/jsonStream/read';

type Mode = 'JSON.parse' | 'streaming';
const SIZES_MB = (process.env.BENCH_IMAGE_MB ?? '8,32').split(',').map(Number);
const PIECE_BYTES = 64 * 1024;
const MB = 1024 * 1024;

interface Measurement {
	mode: Mode;
	imageMb: number;
	peakRssGrowthMb: number;
	peakHeapGrowthMb: number;
	peakExternalGrowthMb: number;
	ms: number;
}

/** The answer's bytes, produced piece by piece; only the image itself is held. */
function* answerPieces(image: Buffer): Generator<Buffer> {
	yield Buffer.from('{"created":1700000000,"data":[{"url":"","b64_json":"');
	const slice = (PIECE_BYTES / 4) * 3;
	for (let offset = 0; offset < image.length; offset += slice) {
		yield Buffer.from(image.subarray(offset, offset + slice).toString('base64'));
	}
	yield Buffer.from('","revised_prompt":""}],"usage":{"total_tokens":1}}');
}

async function* socket(image: Buffer): AsyncGenerator<Buffer> {
	for (const piece of answerPieces(image)) {
		yield piece;
		await new Promise((resolve) => setImmediate(resolve)); // as between two socket reads
	}
}

function answerLength(image: Buffer): number {
	let length = 0;
	for (const piece of answerPieces(image)) length += piece.length;
	return length;
}

async function readWithJsonParse(image: Buffer): Promise<Buffer> {
	const pieces: Buffer[] = [];
	for await (const piece of socket(image)) pieces.push(piece);
	const text = Buffer.concat(pieces).toString('utf8');
	const body = JSON.parse(text) as { data: Array<{ b64_json: string }> };
	return Buffer.from(body.data[0].b64_json, 'base64');
}

async function readStreaming(image: Buffer): Promise<Buffer> {
	const reading = await readJsonStream(socket(image), { expectedBytes: answerLength(image) });
	if (!reading.ok) throw new Error(reading.problem);
	return (reading.value as { data: Array<{ b64_json: { data: Buffer } }> }).data[0].b64_json.data;
}

/** Runs in the child: one read, memory sampled throughout. */
async function measure(mode: Mode, imageMb: number): Promise<Measurement> {
	const image = randomBytes(imageMb * MB);
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const before = process.memoryUsage();
	let peak = { ...before };
	const sample = () => {
		const now = process.memoryUsage();
		peak = {
			...peak,
			rss: Math.max(peak.rss, now.rss),
			heapUsed: Math.max(peak.heapUsed, now.heapUsed),
			external: Math.max(peak.external, now.external),
		};
	};
	const sampler = setInterval(sample, 2);
	const started = performance.now();
	const decoded =
		mode === 'streaming' ? await readStreaming(image) : await readWithJsonParse(image);
	const ms = performance.now() - started;
	sample();
	clearInterval(sampler);
	if (!decoded.equals(image)) throw new Error(`${mode}: the decoded image differs`);
	// maxRSS is the kernel's high-water mark: it sees peaks the sampler missed (inside JSON.parse).
	const maxRss = Math.max(peak.rss, process.resourceUsage().maxRSS * 1024);
	const toMb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
	return {
		mode,
		imageMb,
		peakRssGrowthMb: toMb(maxRss - before.rss),
		peakHeapGrowthMb: toMb(peak.heapUsed - before.heapUsed),
		peakExternalGrowthMb: toMb(peak.external - before.external),
		ms: Math.round(ms),
	};
}

async function inChild(mode: Mode, imageMb: number): Promise<Measurement> {
	return await new Promise((resolve, reject) => {
		const child = fork(__filename, ['--child', mode, String(imageMb)], {
			execArgv: ['--expose-gc'],
		});
		child.once('message', (message) => resolve(message as Measurement));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code !== 0)
				reject(new Error(`${mode} ${imageMb} MB: the measuring process exited with ${code}`));
		});
	});
}

async function main() {
	if (process.argv[2] === '--child') {
		const result = await measure(process.argv[3] as Mode, Number(process.argv[4]));
		process.send?.(result);
		return;
	}
	console.log(
		`Reading one image answer (b64_json) in ${PIECE_BYTES / 1024} KB pieces, Node ${process.version}; growth over the process with the image already in memory`,
	);
	const rows: Array<Record<string, string | number>> = [];
	for (const imageMb of SIZES_MB) {
		const parse = await inChild('JSON.parse', imageMb);
		const streaming = await inChild('streaming', imageMb);
		for (const row of [parse, streaming]) {
			rows.push({
				image: `${row.imageMb} MB`,
				reader: row.mode,
				'peak RSS growth (MB)': row.peakRssGrowthMb,
				'peak heap growth (MB)': row.peakHeapGrowthMb,
				'peak Buffer growth (MB)': row.peakExternalGrowthMb,
				'× image (RSS)': (row.peakRssGrowthMb / row.imageMb).toFixed(2),
				ms: row.ms,
			});
		}
	}
	console.table(rows);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
