import type { IExecuteFunctions } from 'n8n-workflow';

import { dgridOperationError } from '../transport/errors';

/** Complains about a value; the operation turns it into an error naming item and operation. */
export type Fail = (problem: string, description?: string) => Error;

/** Pre-flight problems as item errors: "Generate failed for item 2: …". */
export function operationFail(this: IExecuteFunctions, itemIndex: number, operationName: string): Fail {
	return (problem, description) =>
		dgridOperationError(this.getNode(), itemIndex, `${operationName} failed for item ${itemIndex}: ${problem}`, description);
}
