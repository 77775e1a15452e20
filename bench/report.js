'use strict';
// The printed result: one table per section with every run, the issue's targets next to the
// measured values (PASS/MISS — informative, never a test assertion), and the DGrid / HTTP
// Request ratios.
const { table } = require('../scripts/lib/report');
const { MIB } = require('./plan');

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const s = (seconds) => (Number.isFinite(seconds) ? seconds.toFixed(2) : '—');
/** MiB with one decimal; small amounts (a few KiB of execution data) with two, so they do not read as 0. */
const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / MIB).toFixed(bytes < MIB ? 2 : 1) : '—');
const ratio = (a, b) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

function secondsOf(runs) {
	return median(runs.map((r) => r.seconds));
}

function allDelivered(runs, items) {
	return runs.every((r) => r.delivered === items);
}

/** "60/0" when every run agrees, else each run's delivered count: "57,60,59 / 3,0,1". */
function deliveredCell(runs) {
	const delivered = runs.map((r) => r.delivered ?? '?');
	const lost = runs.map((r) => r.lost ?? '?');
	return new Set(delivered).size === 1
		? `${delivered[0]} / ${lost[0]}`
		: `${delivered.join(',')} / ${lost.join(',')}`;
}

function callsCell(runs) {
	return runs.map((r) => `${r.calls.ok}/${r.calls.limited}/${r.calls.other}`).join(' ');
}

function failureNote(runs) {
	const failed = runs.filter((r) => r.status !== 'success');
	if (failed.length === 0) return '';
	return `${failed.length} of ${runs.length} executions failed: ${failed[0].error ?? failed[0].status}`;
}

/** The throughput rows' targets: defaults within 2.5x the HTTP Request recipe, a limited gateway's batch within 1.3x its ideal time. */
function throughputTarget(section, row, rowsByKey, config) {
	const items = config.items;
	if (section.maxConcurrent === undefined && row.recipeKey === 'dgridDefaults') {
		const http = rowsByKey.httpDefaults;
		if (!http) return ['', ''];
		const limit = 2.5 * secondsOf(http.runs);
		return [
			`≤ 2.5× HTTP defaults = ${s(limit)} s`,
			verdict(allDelivered(row.runs, items) && secondsOf(row.runs) <= limit),
		];
	}
	if (section.maxConcurrent !== undefined) {
		const ideal = (Math.ceil(items / section.maxConcurrent) * config.latencyMs) / 1000;
		if (row.recipeKey === 'dgridDefaults') {
			return [
				`${items}/${items} in ≤ 1.3 × ${s(ideal)} s = ${s(1.3 * ideal)} s`,
				verdict(allDelivered(row.runs, items) && secondsOf(row.runs) <= 1.3 * ideal),
			];
		}
		if (row.recipeKey === 'dgridP16')
			return [`${items}/${items}`, verdict(allDelivered(row.runs, items))];
	}
	return ['', ''];
}

function throughputReport(results, config) {
	const lines = [];
	const rows = [];
	for (const section of results) {
		const rowsByKey = Object.fromEntries(section.rows.map((row) => [row.recipeKey, row]));
		const ideal = section.maxConcurrent
			? `; ideal ceil(${config.items}/${section.maxConcurrent})·L = ${s((Math.ceil(config.items / section.maxConcurrent) * config.latencyMs) / 1000)} s`
			: '';
		rows.push([`gateway: ${section.gateway}${ideal}`, '', '', '', '', '', '', '']);
		for (const row of section.rows) {
			const [target, pass] = throughputTarget(section, row, rowsByKey, config);
			rows.push([
				`  ${row.label}`,
				s(secondsOf(row.runs)),
				row.runs.map((r) => s(r.seconds)).join(' '),
				deliveredCell(row.runs),
				callsCell(row.runs),
				String(Math.max(...row.runs.map((r) => r.peakInFlight))),
				target,
				pass,
			]);
			const note = failureNote(row.runs);
			if (note) lines.push(`  ${row.label} (${section.gateway}): ${note}`);
		}
	}
	return [
		table(
			[
				{ title: 'recipe' },
				{ title: 'seconds', align: 'right' },
				{ title: 'runs (s)' },
				{ title: 'images / lost', align: 'right' },
				{ title: 'gateway 200/429/other per run' },
				{ title: 'peak in flight', align: 'right' },
				{ title: 'target' },
				{ title: '' },
			],
			rows,
		),
		...(lines.length ? ['', ...lines] : []),
	].join('\n');
}

function memoryReport(results, config) {
	const notes = results
		.filter((m) => m.result.note)
		.map((m) => `  ${m.mode}, ${m.sizeMiB} MiB, ${m.label}: ${m.result.note}`);
	const rows = results.map((m) => {
		const r = m.result;
		const own = config.memoryImages * m.bytes;
		// One memory target: 8 images of 8 MB in filesystem mode, growth ≤ the images'
		// size. Other sizes show the images' size beside the growth, as information: for small
		// images n8n's own cost per execution (some 5–10 MiB) outweighs them.
		const issueRow = m.sizeMiB === 8 && config.memoryImages === 8;
		const dgridFilesystem = m.recipeKey === 'dgridDefaults' && m.mode === 'filesystem';
		const target = !dgridFilesystem
			? ['', '']
			: issueRow
				? [
						`≤ ${mib(own)} (the images)`,
						verdict(r.rssGrowthWhileNodesRan <= own && r.delivered === config.memoryImages),
					]
				: [`(the images: ${mib(own)})`, ''];
		return [
			m.mode,
			`${config.memoryImages} × ${m.sizeMiB} MiB`,
			m.label,
			mib(r.rssGrowthWhileNodesRan),
			mib(r.rssGrowthWholeExecution),
			mib(r.executionDataBytes),
			s(r.seconds),
			deliveredCell([r]),
			...target,
		];
	});
	const columns = [
		{ title: 'binary mode' },
		{ title: 'images' },
		{ title: 'recipe' },
		{ title: 'RSS growth while it ran, MiB', align: 'right' },
		{ title: 'whole execution, MiB', align: 'right' },
		{ title: 'execution data, MiB', align: 'right' },
		{ title: 'seconds', align: 'right' },
		{ title: 'images / lost', align: 'right' },
		{ title: 'target' },
		{ title: '' },
	];
	return [table(columns, rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

const cpuPerItemMs = (row) => median(row.runs.map((r) => (r.cpuSeconds * 1000) / row.items));

function cpuReport(results) {
	const http = results.find((r) => r.recipeKey === 'httpDefaults');
	const rows = results.map((row) => {
		const perItem = cpuPerItemMs(row);
		const target =
			row.recipeKey === 'dgridDefaults' && http
				? [
						`≤ HTTP Request's ${cpuPerItemMs(http).toFixed(2)} ms`,
						verdict(perItem <= cpuPerItemMs(http)),
					]
				: ['', ''];
		return [
			row.label,
			perItem.toFixed(2),
			row.runs.map((r) => ((r.cpuSeconds * 1000) / row.items).toFixed(2)).join(' '),
			s(secondsOf(row.runs)),
			deliveredCell(row.runs),
			...target,
		];
	});
	return table(
		[
			{ title: 'recipe' },
			{ title: 'CPU ms/item', align: 'right' },
			{ title: 'runs (ms/item)' },
			{ title: 'seconds', align: 'right' },
			{ title: 'images / lost', align: 'right' },
			{ title: 'target' },
			{ title: '' },
		],
		rows,
	);
}

/** DGrid Images (defaults) divided by the HTTP Request recipe (defaults), per situation. */
function ratioLines(results, config) {
	const lines = [];
	for (const section of results.throughput ?? []) {
		const dgrid = section.rows.find((r) => r.recipeKey === 'dgridDefaults');
		const http = section.rows.find((r) => r.recipeKey === 'httpDefaults');
		if (dgrid && http) {
			lines.push(
				`time, gateway ${section.gateway}: ${ratio(secondsOf(dgrid.runs), secondsOf(http.runs))} (${s(secondsOf(dgrid.runs))} s vs ${s(secondsOf(http.runs))} s; images ${deliveredCell(dgrid.runs)} vs ${deliveredCell(http.runs)})`,
			);
		}
		// When the HTTP Request defaults lose images, the fair comparison is the fastest HTTP
		// Request set-up that delivered every image.
		const complete = section.rows
			.filter((r) => r.recipeKey.startsWith('http') && allDelivered(r.runs, config.items))
			.sort((a, b) => secondsOf(a.runs) - secondsOf(b.runs))[0];
		if (dgrid && http && complete && !allDelivered(http.runs, config.items)) {
			lines.push(
				`time, gateway ${section.gateway}, vs "${complete.label}" (the fastest HTTP Request set-up that delivered every image): ${ratio(secondsOf(dgrid.runs), secondsOf(complete.runs))} (${s(secondsOf(complete.runs))} s)`,
			);
		}
	}
	const memory = results.memory ?? [];
	for (const m of memory.filter((x) => x.recipeKey === 'dgridDefaults')) {
		const http = memory.find(
			(x) => x.recipeKey === 'httpDefaults' && x.mode === m.mode && x.sizeMiB === m.sizeMiB,
		);
		if (http) {
			lines.push(
				`memory, ${m.mode}, ${config.memoryImages} × ${m.sizeMiB} MiB: ${ratio(m.result.rssGrowthWhileNodesRan, http.result.rssGrowthWhileNodesRan)} (${mib(m.result.rssGrowthWhileNodesRan)} vs ${mib(http.result.rssGrowthWhileNodesRan)} MiB RSS growth)`,
			);
		}
	}
	const cpu = results.cpu ?? [];
	const dgridCpu = cpu.find((r) => r.recipeKey === 'dgridDefaults');
	const httpCpu = cpu.find((r) => r.recipeKey === 'httpDefaults');
	if (dgridCpu && httpCpu) {
		lines.push(
			`CPU per item: ${ratio(cpuPerItemMs(dgridCpu), cpuPerItemMs(httpCpu))} (${cpuPerItemMs(dgridCpu).toFixed(2)} vs ${cpuPerItemMs(httpCpu).toFixed(2)} ms)`,
		);
	}
	return lines;
}

/** The issue's own table (markdown, to paste into it): one line per situation, both recipes. */
function summaryTable(results, config) {
	const lines = ['| situation | DGrid Images | HTTP Request recipe |', '|---|---|---|'];
	const failed = (row) => row.runs.filter((r) => r.status !== 'success').length;
	const cell = (row) =>
		row
			? `${deliveredCount(row.runs, config.items)} in ${s(secondsOf(row.runs))} s${failed(row) ? ` (execution failed ${failed(row)}/${row.runs.length})` : ''}`
			: '—';
	for (const section of results.throughput ?? []) {
		const rows = Object.fromEntries(section.rows.map((r) => [r.recipeKey, r]));
		const dgrid = [
			`defaults ${cell(rows.dgridDefaults)}`,
			...['dgridP1', 'dgridP8', 'dgridP16']
				.filter((k) => rows[k])
				.map((k) => `${rows[k].label.replace('DGrid Images, ', '')} ${cell(rows[k])}`),
		];
		const http = ['httpDefaults', 'httpBatching', 'httpRetry']
			.filter((k) => rows[k])
			.map(
				(k) => `${rows[k].label.replace('HTTP Request + Convert to File, ', '')} ${cell(rows[k])}`,
			);
		const situation = section.maxConcurrent
			? `gateway allowing ${section.maxConcurrent} at a time (ideal ${s((Math.ceil(config.items / section.maxConcurrent) * config.latencyMs) / 1000)} s)`
			: 'gateway without a limit';
		lines.push(
			`| ${situation}, ${config.items} items, L = ${config.latencyMs} ms | ${dgrid.join('; ')} | ${http.join('; ')} |`,
		);
	}
	for (const m of (results.memory ?? []).filter((x) => x.recipeKey === 'dgridDefaults')) {
		const http = results.memory.find(
			(x) => x.recipeKey === 'httpDefaults' && x.mode === m.mode && x.sizeMiB === m.sizeMiB,
		);
		const mem = (r) =>
			r
				? `+${mib(r.result.rssGrowthWhileNodesRan)} MiB RSS while running, ${mib(r.result.executionDataBytes)} MiB execution data`
				: '—';
		lines.push(
			`| ${config.memoryImages} images of ${m.sizeMiB} MiB, ${m.mode} binary mode | ${mem(m)} | ${mem(http)} |`,
		);
	}
	const cpu = Object.fromEntries((results.cpu ?? []).map((r) => [r.recipeKey, r]));
	if (cpu.dgridDefaults && cpu.httpDefaults) {
		lines.push(
			`| CPU per item (no latency, ${config.cpuItems} items) | ${cpuPerItemMs(cpu.dgridDefaults).toFixed(2)} ms | ${cpuPerItemMs(cpu.httpDefaults).toFixed(2)} ms |`,
		);
	}
	return lines.join('\n');
}

/** "60/60" or, when runs differ, "57,60,59/60". */
function deliveredCount(runs, items) {
	const delivered = runs.map((r) => r.delivered ?? '?');
	return `${new Set(delivered).size === 1 ? delivered[0] : delivered.join(',')}/${items}`;
}

module.exports = { throughputReport, memoryReport, cpuReport, ratioLines, summaryTable, median };
