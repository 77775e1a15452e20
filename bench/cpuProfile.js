'use strict';
// Reading a V8 CPU profile of the n8n process (`--cpu-prof`, see BENCH_N8N_CPU_PROF in
// scripts/bench.js) for the time windows of the CPU rows: where the process spent its CPU while
// one recipe ran. Every sample is put in one place:
//  - "our code": the sample's own function is in this package (by file: core/router.js …);
//  - "n8n, called by our code": the innermost function of this package on the stack called into
//    n8n or a library, and the sample is below that call (by the callee: getNodeParameter,
//    getCredentials, httpRequestWithAuthentication, prepareBinaryData …);
//  - elsewhere: no frame of this package on the stack (n8n's engine, its HTTP server, the
//    database, HTTP client callbacks, async work a call of ours started, GC), by package.
// `node bench/cpuProfile.js <file.cpuprofile>` prints the whole profile that way.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_MARK = `${path.sep}n8n-nodes-dgrid${path.sep}dist${path.sep}`;

/** Where a frame's code lives: this package (by file), an n8n package, another library, or V8/Node. */
function placeOf(callFrame) {
	const { url, functionName } = callFrame;
	if (!url) return { group: functionName.startsWith('(') ? functionName : '(native)' };
	const file = url.replace(/^file:\/\//, '');
	const mark = file.indexOf(PACKAGE_MARK);
	if (mark !== -1)
		return {
			ours: true,
			group: file.slice(mark + PACKAGE_MARK.length).replace(/^nodes\/DGridImages\//, ''),
		};
	if (file.startsWith('node:')) return { group: 'node: (Node.js built-ins)' };
	const modules = file.lastIndexOf(`node_modules${path.sep}`);
	if (modules === -1) return { group: file };
	const rest = file.slice(modules + 'node_modules/'.length).split(path.sep);
	return { group: rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0] };
}

const frameName = (callFrame) =>
	`${callFrame.functionName || '(anonymous)'} ${placeOf(callFrame).group}`;

function indexProfile(profile) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	// Each sample's time: V8 records the delta before it; the sample stands for that interval.
	const times = [];
	let t = profile.startTime;
	for (const delta of profile.timeDeltas) {
		t += delta;
		times.push(t);
	}
	return { byId, parent, times };
}

const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);

/**
 * Sums the samples taken in `windows` ([{fromUs, toUs}] in the monotonic clock of
 * process.hrtime, which V8's profile timestamps use too), or all of them.
 */
function summarize(profile, windows) {
	const { byId, parent, times } = indexProfile(profile);
	const inWindow = (t) => !windows || windows.some((w) => t >= w.fromUs && t < w.toUs);
	const summary = {
		totalUs: 0,
		oursUs: 0,
		calledUs: 0,
		ourFiles: new Map(),
		ourFunctions: new Map(),
		called: new Map(),
		elsewhere: new Map(),
		idleUs: 0,
	};
	for (let i = 0; i < profile.samples.length; i++) {
		const time = times[i];
		if (!inWindow(time)) continue;
		// The interval this sample stands for (the next delta; the last sample gets the previous one).
		const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
		const leaf = byId.get(profile.samples[i]);
		if (leaf.callFrame.functionName === '(idle)') {
			summary.idleUs += us;
			continue;
		}
		summary.totalUs += us;
		const leafPlace = placeOf(leaf.callFrame);
		if (leafPlace.ours) {
			summary.oursUs += us;
			add(summary.ourFiles, leafPlace.group, us);
			add(summary.ourFunctions, frameName(leaf.callFrame), us);
			continue;
		}
		// Walk up to the innermost frame of ours; remember the frame it called.
		let callee = leaf;
		let id = parent.get(leaf.id);
		let found = false;
		while (id !== undefined) {
			const node = byId.get(id);
			if (placeOf(node.callFrame).ours) {
				found = true;
				break;
			}
			callee = node;
			id = parent.get(id);
		}
		if (found) {
			summary.calledUs += us;
			add(summary.called, frameName(callee.callFrame), us);
		} else {
			add(summary.elsewhere, leafPlace.group, us);
		}
	}
	return summary;
}

const ms = (us) => (us / 1000).toFixed(1);

function top(map, count, perItem) {
	return [...map.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, count)
		.map(
			([name, us]) =>
				`    ${ms(us).padStart(8)} ms${perItem ? `  ${(us / 1000 / perItem).toFixed(3).padStart(7)} ms/item` : ''}  ${name}`,
		);
}

/** A printable summary; `items` (the items the windows processed) adds ms/item. */
function report(summary, { items, count = 12 } = {}) {
	const perItem = (us) => (items ? ` (${(us / 1000 / items).toFixed(3)} ms/item)` : '');
	const elsewhereUs = summary.totalUs - summary.oursUs - summary.calledUs;
	return [
		`  sampled CPU ${ms(summary.totalUs)} ms${perItem(summary.totalUs)}; idle ${ms(summary.idleUs)} ms`,
		`  our code (self) ${ms(summary.oursUs)} ms${perItem(summary.oursUs)}, by file:`,
		...top(summary.ourFiles, count, items),
		'  our code (self), by function:',
		...top(summary.ourFunctions, count, items),
		`  n8n and libraries called by our code (inclusive) ${ms(summary.calledUs)} ms${perItem(summary.calledUs)}, by callee:`,
		...top(summary.called, count, items),
		`  no frame of ours on the stack ${ms(elsewhereUs)} ms${perItem(elsewhereUs)}, by the sample's package:`,
		...top(summary.elsewhere, count, items),
	].join('\n');
}

/**
 * The profile of the main thread of the n8n process `pid`, written into `dir` at its exit (Node
 * names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; worker threads get their own).
 */
function findProfile(dir, pid) {
	const mine = fs.readdirSync(dir).filter((name) => {
		const parts = name.split('.');
		return name.endsWith('.cpuprofile') && parts[3] === String(pid) && parts[4] === '0';
	});
	return mine.length ? path.join(dir, mine.sort().pop()) : undefined;
}

const readProfile = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

if (require.main === module) {
	const file = process.argv[2];
	if (!file) {
		console.error('usage: node bench/cpuProfile.js <file.cpuprofile>');
		process.exit(2);
	}
	console.log(report(summarize(readProfile(file)), { count: 25 }));
}

module.exports = { summarize, report, findProfile, readProfile };
