// Every example workflow (examples/*.json) executed in a real n8n against the test gateway,
// in one n8n version and binary data mode. Each saved file must be, byte for byte, an image
// the gateway produced in that run; each DGrid request must carry what the workflow asked for.
// checkExample is shared with the queue-mode suite, which runs the same workflows on workers.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../../scripts/lib/paths');
const { nodeOutputs, failedItems } = require('../../scripts/lib/report');
const { startRealN8n, loadWorkflows, loadFixture, explain } = require('./support');

const DGRID_TYPE = 'n8n-nodes-dgrid.dgridImages';
const INPUT_IMAGE = fs.readFileSync(path.join(ROOT, 'examples', 'input', 'product.png'));

const dataUrlBytes = (url) =>
	Buffer.from(String(url).replace(/^data:[^;,]+;base64,/, ''), 'base64');

/** What each example must do, beyond the checks every example gets. */
const EXPECTED = {
	'01-generate-and-save': {
		files: 2,
		route: 'generations',
		check({ requests }) {
			expect(requests).toHaveLength(1);
			expect(requests[0].path).toBe('/v1/images/generations');
			expect(requests[0].json).toMatchObject({
				model: 'gpt-image-1',
				n: 2,
				size: '1024x1024',
				prompt: 'A watercolor fox sleeping in fresh snow, morning light',
			});
		},
	},
	'02-generate-then-edit': {
		files: 1,
		route: 'edits',
		check({ requests, produced }) {
			expect(requests.map((r) => r.path)).toEqual(['/v1/images/generations', '/v1/images/edits']);
			// The generated image travels as n8n binary data into the Edit node and is uploaded as is.
			const upload = requests[1].multipart;
			expect(upload).toBeDefined();
			expect(upload.fields.model).toBe('gpt-image-1');
			expect(upload.files).toHaveLength(1);
			expect(
				upload.files[0].data.equals(produced.find((p) => p.route === 'generations').bytes),
			).toBe(true);
		},
	},
	'03-qwen-generate': {
		files: 1,
		route: 'generations',
		check({ requests, produced, cdnRequests }) {
			expect(requests).toHaveLength(1);
			expect(requests[0].json).toMatchObject({
				model: 'qwen-image',
				parameters: { size: '1328*1328' },
			});
			// A URL result, downloaded from the CDN host without the DGrid key.
			expect(produced[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
			expect(cdnRequests).toHaveLength(1);
			expect(cdnRequests[0].hadAuthorization).toBe(false);
		},
	},
	'04-qwen-edit-input-file': {
		files: 1,
		route: 'edits',
		check({ requests }) {
			expect(requests).toHaveLength(1);
			const parts = requests[0].json.input.messages[0].content;
			const image = parts.find((part) => part.image);
			expect(image.image).toMatch(/^data:image\/png;base64,/);
			expect(dataUrlBytes(image.image).equals(INPUT_IMAGE)).toBe(true);
			expect(parts.some((part) => /sunny beach/.test(part.text ?? ''))).toBe(true);
		},
	},
	'05-gemini-with-input-image': {
		files: 1,
		route: 'generateContent',
		check({ requests }) {
			expect(requests).toHaveLength(1);
			expect(requests[0].path).toBe('/v1/models/gemini-2.5-flash-image:generateContent');
			const { contents, generationConfig } = requests[0].json;
			const inline = contents[0].parts.find((part) => part.inlineData);
			expect(inline.inlineData.mimeType).toBe('image/png');
			expect(Buffer.from(inline.inlineData.data, 'base64').equals(INPUT_IMAGE)).toBe(true);
			expect(generationConfig.responseModalities).toEqual(['TEXT', 'IMAGE']);
			expect(generationConfig.imageConfig).toMatchObject({ aspectRatio: '16:9' });
		},
	},
	'06-chat-streaming': {
		files: 1,
		route: 'chat',
		check({ requests }) {
			expect(requests).toHaveLength(1);
			expect(requests[0].json).toMatchObject({ model: 'gemini-2.5-flash-image', stream: true });
		},
	},
	'07-batch-continue-on-fail': {
		files: 2,
		route: 'generations',
		check({ requests, run, workflow }) {
			expect(requests).toHaveLength(3);
			expect(requests.map((r) => r.status).sort()).toEqual([200, 200, 400]);
			// The refused prompt leaves on the DGrid node's error output (n8n 1.x and 2.x), with the
			// node's message and details and the input item's fields (the prompt) beside it; the
			// error branch runs with it, the save branch with the two images only.
			const failed = failedItems(run, workflow);
			expect(failed).toHaveLength(1);
			expect(failed[0].item.json).toEqual({
				prompt: expect.stringContaining('[dgrid:refuse]'),
				error: expect.stringMatching(/^Generate failed for item 1: .*\(HTTP 400\)$/),
				message: expect.stringMatching(/DGrid said: .*request id/is),
			});
			expect(failed[0].item.pairedItem).toEqual({ item: 1 });
			expect(nodeOutputs(run, 'Generate per prompt')[0].every((item) => !item.json.error)).toBe(
				true,
			);
			expect(nodeOutputs(run, 'Refused prompts')?.[0]).toEqual([
				expect.objectContaining({ json: failed[0].item.json }),
			]);
			expect(nodeOutputs(run, 'Save images to disk')?.[0]).toHaveLength(2);
		},
	},
};

/**
 * The checks every example gets, then its own: `result` is an observed run (support.js) with
 * `run` = n8n's execution data (IRun); `storedBinary` reads a filesystem-mode binary by id.
 */
function checkExample({ slug, workflow, result, binaryMode, storedBinary }) {
	const expected = EXPECTED[slug];
	const { run, produced, files } = result;

	// The DGrid nodes ran under the package-prefixed type of a community package.
	const dgridNodes = workflow.nodes.filter((node) => node.type === DGRID_TYPE);
	expect(dgridNodes.length).toBeGreaterThan(0);
	for (const node of dgridNodes) expect(run.data.resultData.runData[node.name]).toBeDefined();

	// Saved files: exactly the images the gateway produced for the final DGrid step.
	const candidates = produced.filter((image) => image.route === expected.route);
	expect(files).toHaveLength(expected.files);
	expect(candidates).toHaveLength(expected.files);
	const unmatched = [...candidates];
	for (const file of files) {
		const index = unmatched.findIndex((image) => image.bytes.equals(file.bytes));
		if (index === -1)
			throw new Error(
				`${file.folder}/${file.name} (${file.bytes.length} bytes) matches no image the gateway produced`,
			);
		const [image] = unmatched.splice(index, 1);
		expect(path.extname(file.name)).toBe(`.${image.format === 'jpeg' ? 'jpg' : image.format}`);
	}

	// The binary on the last DGrid node's items is held the way the mode says.
	const last = dgridNodes[dgridNodes.length - 1];
	const items = nodeOutputs(run, last.name)[0];
	expect(items).toHaveLength(expected.files);
	for (const item of items) {
		const binary = item.binary.data;
		let bytes;
		if (binaryMode === 'default') {
			expect(binary.id).toBeUndefined();
			bytes = Buffer.from(binary.data, 'base64');
		} else {
			expect(binary.id).toMatch(/^filesystem(-v2)?:/);
			bytes = storedBinary(binary.id);
		}
		expect(files.some((file) => file.bytes.equals(bytes))).toBe(true);
		expect(binary.mimeType).toMatch(/^image\//);
		expect(item.json.summary).toMatch(/image/);
	}

	expected.check({ ...result, workflow });
}

/** Every example, executed with `n8n execute` in n8n `major` (1 or 2) in one binary data mode. */
function describeExamples({ n8n: major, binaryMode }) {
	const examples = loadWorkflows();

	// Images of 1 MB and more are read in turn and their memory is given back once n8n stored
	// them (core/imageMemory.ts): what n8n stored must still be every byte.
	const largeImages = loadFixture('large-images');

	describe(`example workflows in real n8n ${major}.x (binary data mode: ${binaryMode})`, () => {
		let n8n;
		beforeAll(async () => {
			n8n = await startRealN8n({
				label: `examples-${binaryMode}`,
				n8n: major,
				binaryMode,
				workflows: [...examples.map((e) => e.workflow), largeImages],
			});
		});
		afterAll(async () => {
			await n8n?.close();
		});

		test('every example has expectations here', () => {
			expect(examples.map((e) => e.slug).sort()).toEqual(Object.keys(EXPECTED).sort());
		});

		test(`the runtime is n8n ${major}.x`, () => {
			expect(n8n.runtime.pinnedVersion()).toMatch(new RegExp(`^${major}\\.`));
		});

		test('large images: n8n stores every byte of each', async () => {
			const result = await n8n.execute(largeImages);
			if (!result.ok) throw new Error(`large images failed in n8n ${major}.x: ${explain(result)}`);
			const items = nodeOutputs(result.run, 'Generate')[0];
			expect(items).toHaveLength(2);
			expect(result.produced).toHaveLength(2);
			const stored = items.map(({ binary }) =>
				binaryMode === 'default'
					? Buffer.from(binary.data.data, 'base64')
					: n8n.storedBinary(binary.data.id),
			);
			for (const image of result.produced) {
				expect(image.bytes.length).toBeGreaterThan(1024 * 1024);
				expect(stored.filter((bytes) => bytes.equals(image.bytes))).toHaveLength(1);
			}
		});

		for (const { slug, workflow } of examples) {
			test(slug, async () => {
				const result = await n8n.execute(workflow);
				if (!result.ok) throw new Error(`${slug} failed in n8n ${major}.x: ${explain(result)}`);
				checkExample({
					slug,
					workflow,
					result,
					binaryMode,
					storedBinary: (id) => n8n.storedBinary(id),
				});
			});
		}
	});
}

module.exports = { describeExamples, checkExample, EXPECTED };
