/** The default registry holds the real DGrid node under its community-package type name. */
import { DGRID_NODE_TYPE, HarnessNodeTypes, loadDGridNode, runWorkflow } from '../tools/harness';
import { credentialsFor, useGateway } from '../engine/support';

const gateway = useGateway();

test('registered as n8n-nodes-dgrid.dgridImages with the dgridApi credential', () => {
	const { description } = new HarnessNodeTypes({
		[DGRID_NODE_TYPE]: loadDGridNode(),
	}).getByNameAndVersion(DGRID_NODE_TYPE);
	expect(DGRID_NODE_TYPE).toBe('n8n-nodes-dgrid.dgridImages');
	expect(description.name).toBe('dgridImages');
	expect(description.credentials).toEqual(
		expect.arrayContaining([expect.objectContaining({ name: 'dgridApi' })]),
	);
});

test('runWorkflow runs the real node by default (it executes, whatever it answers)', async () => {
	const result = await runWorkflow({
		node: {
			parameters: { operation: 'generate', prompt: 'a lighthouse at dusk' },
			continueOnFail: true,
		},
		credentials: credentialsFor(gateway),
	});

	expect(result.nodeName).toBe('DGrid Images');
	// The node ran (no "Unrecognized node type" / workflow issue before it): it has run data.
	expect(result.runData['DGrid Images']).toHaveLength(1);
	expect(result.run.data.resultData.runData['When clicking ‘Execute workflow’']).toHaveLength(1);
});
