/**
 * What every engine test file sets up the same way: one test gateway for the file, the
 * credentials that point the DGrid node at it, and the parameter shapes n8n stores.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { modelParameterName } from '../../nodes/DGridImages/core/description/sharedProperties';
import type { OperationValue } from '../../nodes/DGridImages/core/operation';
import { DgridImages } from '../../nodes/DGridImages/DgridImages.node';
import { OPERATIONS } from '../../nodes/DGridImages/operations';
import { startGateway } from '../tools/gateway';
import type { GatewayOptions, RecordedRequest, TestGateway } from '../tools/gateway';
import { runWorkflow } from '../tools/harness';
import type { InputItem, RunResult } from '../tools/harness';

/**
 * Starts a gateway before the file's tests, closes it after them and resets it before each
 * test. The returned object stands for that gateway: it forwards every read to the running
 * one, so tests and hooks use it like the gateway itself (before beforeAll it throws).
 */
export function useGateway(options?: GatewayOptions): TestGateway {
	let current: TestGateway | undefined;
	beforeAll(async () => {
		current = await startGateway(options);
	});
	afterAll(async () => {
		await current?.close();
	});
	beforeEach(() => current!.reset());
	return new Proxy({} as TestGateway, {
		get(_target, key) {
			if (!current) throw new Error('the test gateway is only there inside tests and hooks');
			return Reflect.get(current, key) as unknown;
		},
	});
}

/** The DGrid credential's values for a gateway: its key and its base URL. */
export const credentialsFor = (gateway: Pick<TestGateway, 'apiKey' | 'baseUrl'>) => ({
	apiKey: gateway.apiKey,
	baseUrl: gateway.baseUrl,
});

/** The Model parameter as n8n stores a resource locator set "By ID". */
export const modelId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The one request the gateway received; fails the test when there were none or several. */
export function onlyRequest(gateway: TestGateway): RecordedRequest {
	expect(gateway.requests).toHaveLength(1);
	return gateway.requests[0];
}

export interface NodeRun {
	input?: InputItem[];
	continueOnFail?: boolean;
}

/**
 * Parameters written the version-1 way (one `model` for every operation) in the names of the
 * node's current version, where each operation has its own Model parameter.
 */
export function withOperationModel(parameters: IDataObject): IDataObject {
	const operation = OPERATIONS[(parameters.operation ?? 'generate') as OperationValue];
	if (!operation || parameters.model === undefined) return parameters;
	const name = modelParameterName(operation.model, LATEST_VERSION);
	if (name === 'model') return parameters;
	const { model, ...rest } = parameters;
	return { ...rest, [name]: model };
}

/** The node version new nodes get: the last one its description lists. */
const LATEST_VERSION = ([] as number[]).concat(new DgridImages().description.version).at(-1)!;

/** Runs the DGrid node (its current version) once with these parameters, against the gateway. */
export function runNode(
	gateway: TestGateway,
	parameters: IDataObject,
	{ input, continueOnFail }: NodeRun = {},
): Promise<RunResult> {
	return runWorkflow({
		node: {
			parameters: withOperationModel(parameters) as INodeParameters,
			...(continueOnFail ? { continueOnFail: true } : {}),
		},
		credentials: credentialsFor(gateway),
		input,
	});
}
