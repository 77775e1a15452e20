import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	canceledError,
	cancelSignalOf,
	stoppedBy,
} from '../../../nodes/DGridImages/transport/cancel';
import { waitUnlessCanceled } from '../../../nodes/DGridImages/transport/wait';

const node = { name: 'DGrid Images', type: 'n8n-nodes-dgrid.dgridImages', typeVersion: 2 } as INode;

describe('cancel helpers', () => {
	it("reads the execution's stop signal when the context has one, and nothing otherwise", () => {
		const controller = new AbortController();
		const context = {
			signal: controller.signal,
			getExecutionCancelSignal(this: { signal: AbortSignal }) {
				return this.signal;
			},
		};
		expect(cancelSignalOf(context)).toBe(controller.signal);
		expect(cancelSignalOf({})).toBeUndefined();
		expect(cancelSignalOf({ getExecutionCancelSignal: 'not a function' })).toBeUndefined();
	});

	it('counts an aborted wait, and any failure after the stop, as the stop', async () => {
		const controller = new AbortController();
		const waiting = waitUnlessCanceled(200, controller.signal).catch((error: unknown) => error);
		controller.abort();
		const waitError = await waiting;
		expect(stoppedBy(waitError, undefined)).toBe(true);
		expect(stoppedBy(new Error('socket hang up'), controller.signal)).toBe(true);
		expect(stoppedBy(new Error('socket hang up'), new AbortController().signal)).toBe(false);
		expect(stoppedBy(new Error('socket hang up'), undefined)).toBe(false);
	});

	it('says the item was canceled, naming the operation and the item', () => {
		const error = canceledError(node, 3, 'Qwen Generate');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Qwen Generate for item 3 canceled: the execution was stopped');
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).not.toMatch(/could not reach/i);
	});
});
