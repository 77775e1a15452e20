'use strict';
// Samples a process's resident memory every ~50 ms on a worker thread, so the samples keep
// coming while the main thread is busy (it also runs the test gateway, which builds large
// answers synchronously). Each sample carries its wall-clock time, so the caller can take the
// peak inside any window afterwards (e.g. while one node ran, from n8n's own timestamps).
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { rssBytes } = require('./proc');

const INTERVAL_MS = 50;
/** A sampler left running by mistake stops by itself (10 minutes of samples at most). */
const MAX_SAMPLES = (10 * 60 * 1000) / INTERVAL_MS;

if (!isMainThread) {
	const samples = [];
	const take = () => {
		const rss = rssBytes(workerData.pid);
		if (rss !== undefined) samples.push([Date.now(), rss]);
	};
	take();
	const timer = setInterval(() => {
		take();
		if (samples.length >= MAX_SAMPLES) clearInterval(timer);
	}, INTERVAL_MS);
	parentPort.once('message', () => {
		clearInterval(timer);
		take();
		parentPort.postMessage(samples);
	});
}

/** Starts sampling `pid`; `stop()` resolves the samples as [{at, rss}] in time order. */
function startRssSampler(pid) {
	const worker = new Worker(__filename, { workerData: { pid } });
	const done = new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return {
		async stop() {
			worker.postMessage('stop');
			const samples = await Promise.race([
				done,
				new Promise((_, reject) =>
					setTimeout(() => reject(new Error('RSS sampler did not answer in 10 s')), 10000).unref(),
				),
			]);
			await worker.terminate();
			return samples.map(([at, rss]) => ({ at, rss }));
		},
	};
}

/** Highest RSS among samples taken inside [from, to] (ms since the epoch); undefined when none. */
function peakBetween(samples, from, to) {
	let peak;
	for (const { at, rss } of samples)
		if (at >= from && at <= to && (peak === undefined || rss > peak)) peak = rss;
	return peak;
}

module.exports = { startRssSampler, peakBetween, INTERVAL_MS };
