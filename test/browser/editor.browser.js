// The node in the real n8n editor, as a user meets it: Debian's Chromium (playwright-core)
// against n8n 2.41 started by the dev tooling with the packed package installed as a community
// package. The steps share one browser page and build on each other, in order: log in, find the
// node in every panel, add it, walk its operations, pick a model, test the credential, see the
// output schema before a run, execute Generate and look at the image. Screenshots go to
// .tmp/browser-screenshots/ (or docs/ with `npm run docs:screenshots`).
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const { loadWorkflows } = require('../../scripts/lib/examples');
const { launchChromium } = require('./chromium');
const { startEditor } = require('./editor');
const page$ = require('./editorPage');
const expected = require('./expectations');
const { watchNodeErrors } = require('./nodeErrors');
const { screenshot } = require('./screenshots');

const NODE = 'DGrid Images';
/** One example per operation (its last DGrid node shows the operation with options set). */
const EXAMPLES = loadWorkflows().filter(({ slug }) => /^0[1-6]-/.test(slug));
/** What users type to find an image node; the codex must answer each in every panel. */
const SEARCH_TERMS = ['DGrid', 'image', 'dall-e', 'gemini', 'qwen'];

let editor;
let browser;
let page;
let errors;
let profileDir;

beforeAll(async () => {
	editor = await startEditor({ workflows: EXAMPLES.map(({ workflow }) => workflow) });
	profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgrid-chromium-'));
	browser = await launchChromium(profileDir);
	page = browser.page;
	page.setDefaultTimeout(30000);
	errors = watchNodeErrors(page, editor.url);
}, 600000);

afterAll(async () => {
	try {
		await browser?.context.close();
	} finally {
		await editor?.stop();
		if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
	}
}, 60000);

test('logging in lands on the workflows overview', async () => {
	await page$.logIn(page, editor.url, editor.owner);
	expect(new URL(page.url()).pathname).toBe('/home/workflows');
	await page.getByText('Overview', { exact: true }).first().waitFor();
});

test('the trigger panel of an empty workflow finds the node by name, brand and "image"', async () => {
	await page$.newWorkflow(page, editor.url);
	await page$.openTriggerPanel(page);
	for (const term of SEARCH_TERMS) {
		expect({ term, listed: await page$.searchNodes(page, term, NODE) }).toEqual({
			term,
			listed: expect.arrayContaining([NODE]),
		});
	}
	await page$.closePanel(page);
});

test('the next-step panel ("What happens next?") finds it the same way', async () => {
	await page$.addManualTrigger(page);
	await page$.openNextStepPanel(page);
	for (const term of SEARCH_TERMS) {
		expect({ term, listed: await page$.searchNodes(page, term, NODE) }).toEqual({
			term,
			listed: expect.arrayContaining([NODE]),
		});
	}
	await page$.searchNodes(page, 'DGrid', NODE);
	await screenshot(page, 'node-panel-search');
});

test('"Action in an app" finds it by search', async () => {
	await page$.searchNodes(page, '', 'Action in an app');
	await page$.clickPanelItem(page, 'Action in an app');
	for (const term of ['DGrid', 'image']) {
		expect({ term, listed: await page$.searchNodes(page, term, NODE) }).toEqual({
			term,
			listed: expect.arrayContaining([NODE]),
		});
	}
	await page$.closePanel(page);
});

test("the AI panel lists it at the top level, beside n8n's OpenAI and Gemini nodes (a root node, not a sub-node)", async () => {
	await page$.openNextStepPanel(page);
	await page$.clickPanelItem(page, 'AI');
	const listed = await page$.searchNodes(page, '', NODE);
	expect(listed).toEqual(expect.arrayContaining([NODE, 'OpenAI']));
	await screenshot(page, 'ai-panel');
	await page$.closePanel(page);
});

test("each of the node's six actions opens it on its operation with that operation's default model", async () => {
	for (const { name, value, action } of expected.operations()) {
		await page$.openNextStepPanel(page);
		await page$.searchNodes(page, 'DGrid', NODE);
		await page$.clickPanelItem(page, NODE);
		await page$.listedActions(page);
		await page$.clickPanelItem(page, action);
		await page$.ndv(page).waitFor();
		expect({
			action,
			operation: await page$.shownOperation(page),
			model: await page$.shownModel(page),
		}).toEqual({
			action,
			operation: name,
			model: expected.modelPicker(value).default.value,
		});
		await page$.closeNode(page);
		await page$.deleteNode(page, NODE);
	}
});

test('added from the next-step panel: its actions are listed, and Generate opens with its default model', async () => {
	await page$.openNextStepPanel(page);
	await page$.searchNodes(page, 'DGrid', NODE);
	await page$.clickPanelItem(page, NODE);
	const actions = expected.operations().map((operation) => operation.action);
	expect(await page$.listedActions(page)).toEqual(expect.arrayContaining(actions));
	await screenshot(page, 'node-actions');

	await page$.clickPanelItem(page, actions[0]);
	await page$.ndv(page).waitFor();
	expect(await page$.shownModel(page)).toBe(expected.modelPicker('generate').default.value);
});

test('every operation shows its own fields; switching keeps or resets the model as its parameter says', async () => {
	let previous = 'generate';
	let model = await page$.shownModel(page);
	const walk = [...expected.operations().slice(1), expected.operations()[0]];
	for (const { name, value } of walk) {
		await page$.selectOperation(page, name);
		expect({ operation: value, fields: await page$.labelledParameters(page) }).toEqual({
			operation: value,
			fields: expected.labelledParameters(value),
		});
		const shown = await page$.shownModel(page);
		expect({ from: previous, to: value, model: shown }).toEqual({
			from: previous,
			to: value,
			model: expected.modelAfterSwitch(previous, value, model),
		});
		previous = value;
		model = shown;
	}
});

test("the model picker lists the gateway's image models", async () => {
	const listed = await page$.openModelPicker(page);
	const generateDefault = expected.modelPicker('generate').default.value;
	expect(listed.some((text) => text.includes(generateDefault))).toBe(true);
	expect(listed.some((text) => text.includes('dall-e-3'))).toBe(true);
	await screenshot(page, 'model-picker', page$.ndv(page));
	await page$.pickModel(page, generateDefault);
	expect(await page$.shownModel(page)).toContain(generateDefault);
});

test('the credential test: a good key passes; a wrong key and a non-gateway URL say what is wrong', async () => {
	expect(await page$.openCredentialDialog(page)).toEqual({
		ok: true,
		text: 'Connection tested successfully',
	});

	const wrongKey = await page$.saveCredential(page, {
		apiKey: 'sk-wrong-key-for-the-browser-test',
	});
	expect(wrongKey.ok).toBe(false);
	expect(wrongKey.text).toContain('DGrid did not accept this API key (HTTP 401)');
	expect(wrongKey.text).not.toContain('sk-wrong-key-for-the-browser-test');
	await screenshot(page, 'credential-wrong-key', page$.credentialDialog(page));

	const notAGateway = await page$.saveCredential(page, {
		apiKey: editor.gateway.apiKey,
		baseUrl: `${editor.gateway.baseUrl}/not-a-gateway`,
	});
	expect(notAGateway.ok).toBe(false);
	expect(notAGateway.text).toContain('The Base URL is not a DGrid gateway');

	expect(await page$.saveCredential(page, { baseUrl: editor.gateway.baseUrl })).toEqual({
		ok: true,
		text: 'Connection tested successfully',
	});
	await page$.closeCredentialDialog(page);
});

test("before any run, the next node's Schema view shows what the node outputs", async () => {
	await page$.fillPrompt(page, 'A red fox in fresh snow, watercolor');
	await page$.closeNode(page);
	await page$.openNextStepPanel(page);
	await page$.searchNodes(page, 'No Operation', 'No Operation, do nothing');
	await page$.clickPanelItem(page, 'No Operation, do nothing');
	await page$.ndv(page).waitFor();
	const fields = await page$.inputSchemaFields(page);
	expect(fields).toEqual(
		expect.arrayContaining(['model', 'prompt', 'summary', 'mimeType', 'width', 'height', 'usage']),
	);
	await screenshot(page, 'schema-preview', page$.ndv(page));
	await page$.closeNode(page);
});

test('executing Generate shows the image in the output panel', async () => {
	await page$.openNode(page, NODE);
	await page$.executeStepWithBinary(page);
	const image = await page$.viewFirstBinary(page);
	const produced = editor.gateway.produced.at(-1);
	expect(image).toEqual({ width: produced.width, height: produced.height });
	await screenshot(page, 'output-image', page$.ndv(page));
	await page$.closeNode(page);
});

test('the canvas subtitle names the operation and the model', async () => {
	const texts = await page$.canvasNodeTexts(page);
	expect(
		texts.some((text) =>
			text.includes(`${NODE} Generate · ${expected.modelPicker('generate').default.value}`),
		),
	).toBe(true);
	await screenshot(page, 'canvas');
});

test("each example workflow's DGrid node opens on its operation with the options it sets", async () => {
	for (const { workflow } of EXAMPLES) {
		const node = workflow.nodes
			.filter((candidate) => candidate.type === 'n8n-nodes-dgrid.dgridImages')
			.at(-1);
		const { operation } = node.parameters;
		await page$.openWorkflow(page, editor.url, workflow.id);
		await page$.openNode(page, node.name);
		expect({ example: workflow.id, operation: await page$.shownOperation(page) }).toEqual({
			example: workflow.id,
			operation: expected.operations().find((option) => option.value === operation).name,
		});
		await screenshot(page, `operation-${operation}`, page$.ndv(page));
		await page$.closeNode(page);
	}
});

test('no console errors, failed requests or page errors came from the node', () => {
	// The rest is n8n's own (e.g. its login probe's 401, its npm registry lookup on a closed network).
	const counts = new Map();
	for (const { kind, text } of errors.other) {
		const line = `${kind}: ${text.split('\n')[0].slice(0, 200)}`;
		counts.set(line, (counts.get(line) ?? 0) + 1);
	}
	if (counts.size > 0) {
		console.log(
			`Other errors in the page (not the node's):\n${[...counts].map(([line, n]) => `  ${n} × ${line}`).join('\n')}`,
		);
	}
	expect(errors.fromNode).toEqual([]);
});
