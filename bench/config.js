'use strict';
// The benchmark's knobs, from the environment. BENCH_QUICK=1 is a smoke run for CI: fewer
// items, lower latency, one run each, the 1 MiB memory rows in filesystem mode only.
const path = require('node:path');

const QUICK = process.env.BENCH_QUICK === '1';

function int(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
	return n;
}

function list(name, fallback, allowed) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const values = raw
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	for (const v of values)
		if (allowed && !allowed.includes(v))
			throw new Error(`${name}: '${v}' is not one of ${allowed.join(', ')}`);
	return values;
}

function readConfig() {
	const config = {
		quick: QUICK,
		/** Items of the throughput rows (the head-to-head: 60). */
		items: int('BENCH_ITEMS', QUICK ? 16 : 60),
		/** Gateway latency per call in the throughput and memory rows. */
		latencyMs: int('BENCH_LATENCY_MS', QUICK ? 200 : 500),
		/** Runs per throughput / CPU row; the table shows the median and every run. */
		runs: int('BENCH_RUNS', QUICK ? 1 : 3),
		/** The limited gateway's requests in flight (429 + Retry-After: 1 beyond). */
		limit: int('BENCH_LIMIT', 8),
		/** Items of the CPU rows (no latency). */
		cpuItems: int('BENCH_CPU_ITEMS', QUICK ? 40 : 200),
		/** Image sizes of the memory rows, MiB. */
		memorySizesMiB: list('BENCH_MEMORY_MIB', QUICK ? ['1'] : ['1', '8', '32']).map(Number),
		/** Images per memory row. */
		memoryImages: int('BENCH_MEMORY_IMAGES', QUICK ? 4 : 8),
		memoryModes: list('BENCH_MEMORY_MODES', QUICK ? ['filesystem'] : ['filesystem', 'default'], [
			'filesystem',
			'default',
		]),
		/** Which sections run: throughput, cpu, memory. */
		sections: list(
			'BENCH_SECTIONS',
			['throughput', 'cpu', 'memory'],
			['throughput', 'cpu', 'memory'],
		),
		/** Folder for V8 CPU profiles of the n8n processes (`--cpu-prof`); none when unset. */
		cpuProfileDir: process.env.BENCH_N8N_CPU_PROF
			? path.resolve(process.env.BENCH_N8N_CPU_PROF)
			: undefined,
	};
	if (
		config.items < 1 ||
		config.runs < 1 ||
		config.limit < 1 ||
		config.cpuItems < 1 ||
		config.memoryImages < 1
	) {
		throw new Error(
			'BENCH_ITEMS, BENCH_RUNS, BENCH_LIMIT, BENCH_CPU_ITEMS and BENCH_MEMORY_IMAGES must be at least 1',
		);
	}
	for (const size of config.memorySizesMiB) {
		if (!(size > 0 && size <= 64))
			throw new Error(`BENCH_MEMORY_MIB: sizes must be 1..64 MiB, got ${size}`);
	}
	return config;
}

module.exports = { readConfig };
