'use strict';
// What the benchmark runs: the workflows (imported once) and the rows of each section.
const { RECIPES, buildWorkflow } = require('./workflows');

const MIB = 1024 * 1024;

const THROUGHPUT_RECIPES = [
	'dgridDefaults',
	'dgridP1',
	'dgridP8',
	'dgridP16',
	'httpDefaults',
	'httpBatching',
];
/** With a limited gateway, also the HTTP Request node's own answer to errors. */
const LIMITED_EXTRA = ['httpRetry'];
/** The memory and CPU rows compare the two recipes with their defaults. */
const HEAD_TO_HEAD = ['dgridDefaults', 'httpDefaults'];
/** The CPU rows add DGrid Images making the HTTP Request recipe's very call (b64_json, no download). */
const CPU_RECIPES = ['dgridDefaults', 'dgridBase64', 'httpDefaults'];

function makePlan(config, baseUrl) {
	const byId = new Map();
	const job = (prefix, recipeKey, items, promptSuffix, what) => {
		const recipe = RECIPES[recipeKey];
		const id = `${prefix}-${recipe.short}`;
		if (!byId.has(id)) {
			const workflow = buildWorkflow({
				id,
				name: `Benchmark: ${recipe.label}, ${what}`,
				items,
				promptSuffix,
				recipe,
				baseUrl,
			});
			byId.set(id, { workflow, recipeKey, recipe, items });
		}
		return byId.get(id);
	};
	const allThroughput = [...THROUGHPUT_RECIPES, ...LIMITED_EXTRA];
	// One small run per recipe before anything is measured: n8n loads node code lazily.
	const warmups = Object.fromEntries(
		[...new Set([...allThroughput, ...CPU_RECIPES])].map((key) => [
			key,
			job('bWarm', key, 2, '', '2 items (warm-up)'),
		]),
	);
	const tp = (key) => job('bTp', key, config.items, '', `${config.items} items`);
	const throughput = [
		{ gateway: 'no limit', maxConcurrent: undefined, jobs: THROUGHPUT_RECIPES.map(tp) },
		{
			gateway: `${config.limit} at a time`,
			maxConcurrent: config.limit,
			jobs: allThroughput.map(tp),
		},
	];
	const cpu = CPU_RECIPES.map((key) =>
		job('bCpu', key, config.cpuItems, '', `${config.cpuItems} items`),
	);
	const memory = [];
	for (const mode of config.memoryModes) {
		for (const sizeMiB of config.memorySizesMiB) {
			const bytes = Math.round(sizeMiB * MIB);
			for (const key of HEAD_TO_HEAD) {
				const what = `${config.memoryImages} images of ${sizeMiB} MiB`;
				memory.push({
					mode,
					sizeMiB,
					bytes,
					job: job(`bMem${sizeMiB}`, key, config.memoryImages, `[dgrid:bytes=${bytes}]`, what),
					warmup: warmups[key],
				});
			}
		}
	}
	return { workflows: [...byId.values()].map((j) => j.workflow), warmups, throughput, cpu, memory };
}

module.exports = { makePlan, HEAD_TO_HEAD, MIB };
