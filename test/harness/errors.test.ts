/** Item errors are routed the way n8n routes them: stop, continue on the main output, or the error output. */
import {
	ECHO_TYPE,
	harnessTestNodeTypes,
	runWorkflow,
	type RunWorkflowOptions,
} from '../tools/harness';

const nodeTypes = harnessTestNodeTypes();
const input = [
	{ json: { n: 0, fail: false } },
	{ json: { n: 1, fail: true } },
	{ json: { n: 2, fail: false } },
];
const parameters = {
	text: '={{ "ok " + $json.n }}',
	fail: '={{ $json.fail }}',
	failMessage: '={{ "item " + $json.n + " is bad" }}',
};
const run = (node: Partial<RunWorkflowOptions['node']>) =>
	runWorkflow({ node: { type: ECHO_TYPE, parameters, ...node }, nodeTypes, input });

test('a thrown NodeOperationError stops the workflow with its message, description and item index', async () => {
	const result = await run({});

	expect(result.run.status).toBe('error');
	expect(result.error).toMatchObject({
		name: 'NodeOperationError',
		message: 'item 1 is bad',
		description: 'item 1 asked to fail',
		itemIndex: 1,
		nodeName: 'DGrid Images',
	});
	expect(result.runData['DGrid Images'][0].error?.message).toBe('item 1 is bad');
	expect(result.items).toEqual([]);
});

test('continueOnFail: the failed item carries json.error, the others go through', async () => {
	const result = await run({ continueOnFail: true });

	expect(result.error).toBeUndefined();
	expect(result.run.status).toBe('success');
	expect(result.items.map((i) => i.json)).toEqual([
		expect.objectContaining({ text: 'ok 0' }),
		{ error: 'item 1 is bad' },
		expect.objectContaining({ text: 'ok 2' }),
	]);
	expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});

test('onError=continueRegularOutput behaves like continueOnFail', async () => {
	const result = await run({ onError: 'continueRegularOutput' });
	expect(result.error).toBeUndefined();
	expect(result.items[1].json).toEqual({ error: 'item 1 is bad' });
	expect(result.errorItems).toEqual([]);
});

test('onError=continueErrorOutput: failed items go to the error output, the rest to the main output', async () => {
	const result = await run({ onError: 'continueErrorOutput' });

	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.text)).toEqual(['ok 0', 'ok 2']);
	expect(result.errorItems).toHaveLength(1);
	// n8n-core merges the failed item's input json into the error item on the error output.
	expect(result.errorItems[0].json).toEqual({ n: 1, fail: true, error: 'item 1 is bad' });
	expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
});

test('onError=stopWorkflow stops like the default', async () => {
	const result = await run({ onError: 'stopWorkflow' });
	expect(result.error?.message).toBe('item 1 is bad');
});
