/** Runs are independent, can be repeated in one file, and a hung node is cut off by the timeout guard. */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	BINARY_ECHO_TYPE,
	ECHO_TYPE,
	cleanupHarness,
	harnessTestNodeTypes,
	runWorkflow,
} from '../tools/harness';

test('many runs in a row do not leak items or errors into each other', async () => {
	for (let i = 0; i < 5; i++) {
		const fail = i % 2 === 1;
		const result = await runWorkflow({
			node: { type: ECHO_TYPE, parameters: { text: `run ${i}`, fail } },
			nodeTypes: harnessTestNodeTypes(),
		});
		if (fail) {
			expect(result.error?.message).toBe('Echo failed');
		} else {
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.text)).toEqual([`run ${i}`]);
		}
	}
});

test('a custom node type can be passed in, under any name and display name', async () => {
	const double: INodeType = {
		description: {
			displayName: 'Double',
			name: 'double',
			group: ['transform'],
			version: [1, 2],
			description: 'doubles n',
			defaults: { name: 'Double' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const version = this.getNode().typeVersion;
			return [
				this.getInputData().map((item) => ({ json: { n: (item.json.n as number) * 2, version } })),
			];
		},
	};
	const result = await runWorkflow({
		node: { type: 'custom.double', name: 'Doubler', parameters: {} },
		nodeTypes: { 'custom.double': double },
		input: [{ json: { n: 21 } }],
	});
	expect(result.nodeName).toBe('Doubler');
	expect(result.items[0].json).toEqual({ n: 42, version: 2 }); // latest version by default
});

/** A node that waits for the execution's stop signal, then fails the way a stopped node does. */
const untilStopped: INodeType = {
	description: {
		displayName: 'Hang',
		name: 'hang',
		group: ['transform'],
		version: 1,
		description: 'waits until cancelled',
		defaults: { name: 'Hang' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const signal = this.getExecutionCancelSignal();
		await new Promise((resolve) => signal?.addEventListener('abort', resolve));
		throw new NodeOperationError(this.getNode(), 'stopped while waiting', { itemIndex: 0 });
	},
};

test('the timeout guard cancels a run that does not finish', async () => {
	const started = Date.now();
	await expect(
		runWorkflow({
			node: { type: 'custom.hang', parameters: {} },
			nodeTypes: { 'custom.hang': untilStopped },
			timeoutMs: 300,
		}),
	).rejects.toThrow(/did not finish within 300 ms/);
	expect(Date.now() - started).toBeLessThan(5000);
});

test('cancelAfterMs stops the execution like the Stop button and hands back the settled run', async () => {
	const before = Date.now();
	const result = await runWorkflow({
		node: { type: 'custom.hang', parameters: {} },
		nodeTypes: { 'custom.hang': untilStopped },
		cancelAfterMs: 100,
		timeoutMs: 10_000,
	});
	expect(result.error?.message).toBe('stopped while waiting');
	expect(result.canceledAt).toBeGreaterThanOrEqual(before);
});

test('an unknown node type fails clearly', async () => {
	await expect(runWorkflow({ node: { type: 'nope.nothing', parameters: {} } })).rejects.toThrow(
		/not registered/,
	);
});

test('cleanupHarness() can run mid-file; the next run sets storage up again', async () => {
	await cleanupHarness();
	const result = await runWorkflow({
		node: { type: ECHO_TYPE, parameters: { text: 'again' } },
		nodeTypes: harnessTestNodeTypes(),
		binaryMode: 'filesystem',
		input: [{ binary: { data: { data: Buffer.from('abc'), mimeType: 'text/plain' } } }],
	});
	expect(result.items[0].json.text).toBe('again');
});

test('runs started concurrently (same binary mode) do not interfere', async () => {
	const results = await Promise.all(
		[0, 1, 2, 3].map(
			async (i) =>
				await runWorkflow({
					node: { type: BINARY_ECHO_TYPE, parameters: {} },
					nodeTypes: harnessTestNodeTypes(),
					binaryMode: 'filesystem',
					input: [
						{
							json: { i },
							binary: { data: { data: Buffer.from(`file ${i}`), mimeType: 'text/plain' } },
						},
					],
				}),
		),
	);
	expect(results.map((r) => r.items[0].binary?.copy.buffer.toString())).toEqual([
		'file 0',
		'file 1',
		'file 2',
		'file 3',
	]);
	expect(new Set(results.map((r) => r.items[0].binary?.copy.id)).size).toBe(4);
});
