/**
 * What n8n's editor shows of the node before anything runs: the canvas subtitle (evaluated by
 * n8n-workflow's own expression engine, as the editor does) and the codex that puts the node in
 * the nodes panel. The browser test (test/browser) checks the same things in the real editor.
 */
import '../tools/harness/env';

import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { DgridImages } from '../../nodes/DGridImages/DgridImages.node';
import codex from '../../nodes/DGridImages/DgridImages.node.json';
import { DGRID_NODE_TYPE } from '../tools/harness/dgrid-node';
import { HarnessNodeTypes } from '../tools/harness/node-types';

const nodeType = new DgridImages();
const { description } = nodeType;
const operations = description.properties.find((property) => property.name === 'operation')!
	.options as Array<{ name: string; value: string }>;

/** The parameters the editor keeps for a node set to `values`: displayed ones with defaults. */
function editorParameters(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		{ typeVersion: 1 },
		description,
	)!;
}

function subtitleFor(parameters: INodeParameters): unknown {
	const node: INode = {
		id: 'n1',
		name: 'DGrid Images',
		type: DGRID_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [DGRID_NODE_TYPE]: nodeType }),
	});
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

/** The model picker the operation shows (a resource locator), whatever its parameter name. */
function modelPickerOf(parameters: INodeParameters): INodeProperties {
	const shown = description.properties.filter(
		(property) =>
			property.type === 'resourceLocator' &&
			NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 } as INode, description),
	);
	expect(shown).toHaveLength(1);
	return shown[0];
}

describe('canvas subtitle', () => {
	test.each(operations.map((option) => [option.name, option.value]))(
		"%s: the operation's display name and its default model",
		(name, value) => {
			const parameters = editorParameters({ operation: value });
			const model = (modelPickerOf(parameters).default as { value: string }).value;
			expect(subtitleFor(parameters)).toBe(`${name} · ${model}`);
		},
	);

	test('shows the model the user picked', () => {
		const parameters = editorParameters({ operation: 'generate' });
		const picker = modelPickerOf(parameters).name;
		parameters[picker] = { __rl: true, mode: 'list', value: 'dall-e-3' };
		expect(subtitleFor(parameters)).toBe('Generate · dall-e-3');
	});

	test('leaves out a model that is still an expression or empty', () => {
		const parameters = editorParameters({ operation: 'qwenEdit' });
		const picker = modelPickerOf(parameters).name;
		parameters[picker] = { __rl: true, mode: 'id', value: '' };
		expect(subtitleFor(parameters)).toBe('Qwen Edit');
	});
});

describe('codex (where the nodes panel lists the node)', () => {
	test('an AI root node: n8n hides AI-category nodes outside the AI panel unless they are "Root Nodes"', () => {
		expect(codex.categories).toContain('AI');
		expect(codex.subcategories.AI).toEqual(expect.arrayContaining(['Root Nodes']));
		// "Tools" would make the editor treat it as an agent tool only (no actions in the panel).
		expect(codex.subcategories.AI).not.toContain('Tools');
	});

	test('found by the words users type', () => {
		const words = [description.displayName, ...codex.alias].map((word) => word.toLowerCase());
		for (const term of ['dgrid', 'image', 'dall-e', 'gemini', 'qwen']) {
			expect(words.some((word) => word.includes(term))).toBe(true);
		}
	});

	test('names the node type n8n gives the installed package', () => {
		expect(codex.node).toBe(DGRID_NODE_TYPE);
	});
});
