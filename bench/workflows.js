'use strict';
// The workflows the benchmark runs in n8n: a Webhook trigger (answering when the last node is
// done, so the caller learns the end without polling n8n), N prompts made into N items (Edit
// Fields → Split Out), then one of the recipes below making image calls to DGrid — POST
// /v1/images/generations, model dall-e-3, one image per item; the HTTP Request recipes ask for
// response_format b64_json, DGrid Images sends what its options say.
const crypto = require('node:crypto');

const { EXAMPLE_CREDENTIAL, DGRID_NODE_TYPE } = require('../scripts/lib/examples');

const MODEL = 'dall-e-3';
/** The Header Auth credential a user makes for the HTTP Request recipe ("Authorization: Bearer …"). */
const HEADER_AUTH_CREDENTIAL = {
	id: 'benchDgridHeaderAuth',
	name: 'DGrid header auth',
	type: 'httpHeaderAuth',
};

const TRIGGER = 'Start';
/** The webhook path of a benchmark workflow: POST there runs it. */
const webhookPath = (workflowId) => `dgrid-bench/${workflowId}`;
const PROMPTS = 'Prompts';
const SPLIT = 'One item per prompt';

/**
 * The recipes (`short`: for workflow ids, which n8n caps at 21 characters). `nodes` are the names whose run time is the recipe's time; `output` is the
 * node whose items are the images the recipe delivered.
 * - DGrid Images: the node with its defaults (options left empty), a fixed Parallelism, or the
 *   HTTP Request recipe's Response Format.
 * - HTTP Request + Convert to File: what a user builds without this package — JSON body, the
 *   key in a Header Auth credential, the image moved from `data[0].b64_json` to a binary file.
 *   Its defaults send every item at once; Batching is the node's own pacing option.
 */
const RECIPES = {
	dgridDefaults: { kind: 'dgrid', short: 'dgDef', label: 'DGrid Images, defaults', options: {} },
	dgridP1: {
		kind: 'dgrid',
		short: 'dgP1',
		label: 'DGrid Images, Parallelism 1',
		options: { concurrency: 1 },
	},
	dgridP8: {
		kind: 'dgrid',
		short: 'dgP8',
		label: 'DGrid Images, Parallelism 8',
		options: { concurrency: 8 },
	},
	dgridP16: {
		kind: 'dgrid',
		short: 'dgP16',
		label: 'DGrid Images, Parallelism 16',
		options: { concurrency: 16 },
	},
	// Left empty, Response Format is not sent and dall-e-3 answers with a URL the node then
	// downloads (a second request per image); this row makes the HTTP Request recipe's one call.
	dgridBase64: {
		kind: 'dgrid',
		short: 'dgB64',
		label: 'DGrid Images, Response Format Base64',
		options: { responseFormat: 'b64_json' },
	},
	httpDefaults: {
		kind: 'http',
		short: 'htDef',
		label: 'HTTP Request + Convert to File, defaults (all at once)',
		httpOptions: {},
	},
	httpBatching: {
		kind: 'http',
		short: 'htBatch',
		label: 'HTTP Request + Convert to File, Batching 8 per 1 s',
		httpOptions: { batching: { batch: { batchSize: 8, batchInterval: 1000 } } },
	},
	httpRetry: {
		kind: 'http',
		short: 'htRetry',
		label: 'HTTP Request + Convert to File, Retry On Fail (3 tries, 1 s apart)',
		httpOptions: {},
		settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 },
	},
};

const DGRID = 'DGrid Images';
const HTTP = 'HTTP Request';
const CONVERT = 'Convert to File';

function node(name, type, typeVersion, parameters, x, extra = {}) {
	return {
		id: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-node`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	};
}

function recipeNodes(recipe, baseUrl) {
	if (recipe.kind === 'dgrid') {
		return [
			node(
				DGRID,
				DGRID_NODE_TYPE,
				2,
				{
					operation: 'generate',
					model: { __rl: true, mode: 'id', value: MODEL },
					prompt: '={{ $json.prompt }}',
					options: { ...recipe.options },
				},
				720,
				{ credentials: { dgridApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name } } },
			),
		];
	}
	return [
		node(
			HTTP,
			'n8n-nodes-base.httpRequest',
			4.5,
			{
				method: 'POST',
				url: `${baseUrl}/v1/images/generations`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={\n  "model": "${MODEL}",\n  "prompt": {{ JSON.stringify($json.prompt) }},\n  "response_format": "b64_json"\n}`,
				options: { ...recipe.httpOptions },
			},
			720,
			{
				credentials: {
					httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name },
				},
				...(recipe.settings ?? {}),
			},
		),
		node(
			CONVERT,
			'n8n-nodes-base.convertToFile',
			1.1,
			{
				operation: 'toBinary',
				sourceProperty: 'data[0].b64_json',
				binaryPropertyName: 'data',
				options: { fileName: 'image.png', mimeType: 'image/png' },
			},
			960,
		),
	];
}

/**
 * The fixed-Parallelism rows set the Generate operation's `concurrency` option. Checked against
 * the built node, so a renamed option fails the benchmark instead of silently measuring defaults.
 */
function checkParallelismOption(distNodeFile) {
	const { DgridImages } = require(distNodeFile);
	const options = new DgridImages().description.properties.find(
		(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('generate'),
	);
	const option = options?.options?.find((o) => o.name === 'concurrency');
	if (!option)
		throw new Error(
			"DGrid Images' Generate options have no 'concurrency' (Parallelism) option any more: update bench/workflows.js",
		);
	return option;
}

/** Names of the recipe's nodes (their run times add up to the recipe's time) and its last node. */
function recipeShape(recipe) {
	return recipe.kind === 'dgrid'
		? { nodes: [DGRID], output: DGRID }
		: { nodes: [HTTP, CONVERT], output: CONVERT };
}

/**
 * One workflow: `items` prompts (each unique, `promptSuffix` appended — e.g. a gateway
 * directive such as `[dgrid:bytes=8388608]`) through `recipe`.
 */
function buildWorkflow({ id, name, items, promptSuffix = '', recipe, baseUrl }) {
	const prompts = Array.from({ length: items }, (_, i) => ({
		prompt: `benchmark picture ${i + 1} of ${items}${promptSuffix ? ` ${promptSuffix}` : ''}`,
	}));
	const nodes = [
		node(
			TRIGGER,
			'n8n-nodes-base.webhook',
			2.1,
			{
				httpMethod: 'POST',
				path: webhookPath(id),
				responseMode: 'lastNode',
				responseData: 'noData',
				options: {},
			},
			0,
			{
				webhookId: crypto.randomUUID(),
			},
		),
		node(
			PROMPTS,
			'n8n-nodes-base.set',
			3.4,
			{ mode: 'raw', jsonOutput: JSON.stringify({ prompts }), options: {} },
			240,
		),
		node(SPLIT, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'prompts', options: {} }, 480),
		...recipeNodes(recipe, baseUrl),
	];
	const chain = nodes.map((n) => n.name);
	const connections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}
	if (id.length > 21) throw new Error(`workflow id ${id} is longer than n8n's 21 characters`);
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

module.exports = {
	RECIPES,
	HEADER_AUTH_CREDENTIAL,
	MODEL,
	buildWorkflow,
	recipeShape,
	webhookPath,
	checkParallelismOption,
};
