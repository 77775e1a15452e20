/** Real parameter handling: expressions, displayOptions, required parameters. */
import { ECHO_TYPE, harnessTestNodeTypes, runWorkflow } from '../tools/harness';

const nodeTypes = harnessTestNodeTypes();

test('expressions are resolved per item against the incoming json', async () => {
	const result = await runWorkflow({
		node: {
			type: ECHO_TYPE,
			parameters: {
				text: '={{ $json.prompt }} / {{ $json.prompt.toUpperCase() }} #{{ $itemIndex }}',
			},
		},
		nodeTypes,
		input: [{ json: { prompt: 'a red fox' } }, { json: { prompt: 'blue sky' } }],
	});

	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.text)).toEqual([
		'a red fox / A RED FOX #0',
		'blue sky / BLUE SKY #1',
	]);
});

test('an expression can read another node and the execution', async () => {
	const result = await runWorkflow({
		node: {
			type: ECHO_TYPE,
			parameters: { text: "={{ $('Test Input').item.json.prompt }}|{{ $execution.mode }}" },
		},
		nodeTypes,
		input: [{ json: { prompt: 'p' } }],
	});
	expect(result.items[0].json.text).toBe('p|test');
});

test('parameters hidden by displayOptions are dropped before the node runs', async () => {
	const hidden = await runWorkflow({
		node: { type: ECHO_TYPE, parameters: { extra: 'x' } },
		nodeTypes,
	});
	const shown = await runWorkflow({
		node: { type: ECHO_TYPE, parameters: { showExtra: true, extra: 'x' } },
		nodeTypes,
	});

	expect(hidden.items[0].json.receivedParameters).not.toContain('extra');
	expect(shown.items[0].json.receivedParameters).toContain('extra');
});

test('a missing required parameter fails the run with "issues"', async () => {
	const result = await runWorkflow({
		node: { type: ECHO_TYPE, parameters: { requiredThing: '' } },
		nodeTypes,
	});

	expect(result.run.status).toBe('error');
	expect(result.error?.name).toBe('WorkflowHasIssuesError');
	expect(result.error?.message).toMatch(
		/node has issues[\s\S]*Parameter "Required Thing" is required/,
	);
	expect(result.items).toEqual([]);
});
