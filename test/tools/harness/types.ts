/** The public shapes of runWorkflow(); other suites code against these names. */
import type {
	IBinaryData,
	IDataObject,
	INodeParameters,
	IRun,
	IRunData,
	IWorkflowSettings,
} from 'n8n-workflow';

import type { BinaryMode } from './binary-data';
import type { HarnessCredentialsHelper } from './credentials-helper';
import type { NodeTypeMap } from './node-types';
import type { InputItem } from './workflow-nodes';

export interface RunWorkflowOptions {
	node: {
		parameters: INodeParameters;
		typeVersion?: number;
		continueOnFail?: boolean;
		onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
		name?: string;
		retryOnFail?: boolean;
		/**
		 * Extension: n8n's retry settings (defaults 3 tries, 1000 ms apart; n8n-core clamps tries to
		 * 2..5 and reads `waitBetweenTries || 1000`, so 0 means 1000 ms — use 1 for "no wait").
		 */
		maxTries?: number;
		waitBetweenTries?: number;
		/** Extension: run another registered node type instead of the DGrid node. */
		type?: string;
		/** Extension: the credential type the node's credential slot uses (default dgridApi). */
		credentialType?: string;
	};
	/** null (or absent) = the node has no credential set. */
	credentials?: { apiKey: string; baseUrl: string } | null;
	/** Items emitted by a "Test Input" node between the Manual Trigger and the node under test. */
	input?: InputItem[];
	/** Default 'default'. Concurrent runs must agree on it (the service is process-wide). */
	binaryMode?: BinaryMode;
	/** Extra node types, by full type name; they may also replace the defaults. */
	nodeTypes?: NodeTypeMap;
	/** Cancel the run and reject after this many ms; default 30000. */
	timeoutMs?: number;
	/**
	 * Extension: stop the execution after this many ms, as the editor's Stop button does (the
	 * execution's AbortSignal fires), then wait for the node to settle; the result is that run.
	 */
	cancelAfterMs?: number;
	/** Extension: workflow settings (e.g. `{ binaryMode: 'combined' }`, `timezone`). */
	workflowSettings?: IWorkflowSettings;
}

export type ResultItem = {
	json: IDataObject;
	/** Binaries with their bytes resolved through the BinaryDataService (any mode). */
	binary?: Record<string, IBinaryData & { buffer: Buffer }>;
	pairedItem?: unknown;
};

export interface RunError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	itemIndex?: number;
	/** The error's `name` (e.g. "NodeOperationError", "NodeApiError", "WorkflowHasIssuesError"). */
	name: string;
	/**
	 * Class of the error. The engine stores a plain-object copy (`{...error, message, stack}`) in
	 * the run data, so this is the constructor name only when a real instance survived, else `name`.
	 */
	className: string;
	/** Name of the node the error is attributed to. */
	nodeName?: string;
	/** The error object as the engine stored it. */
	raw: unknown;
}

export interface RunResult {
	/** Main output 0 of the node under test. */
	items: ResultItem[];
	/** Output 1 when onError = 'continueErrorOutput', else []. */
	errorItems: ResultItem[];
	/** Set when the run failed (the run's resultData.error, else the node's own task error). */
	error?: RunError;
	runData: IRunData;
	/** Extension: the whole IRun (status, resultData.error, …). */
	run: IRun;
	/** Extension: the credentials helper of this run (e.g. `decryptCalls`). */
	credentialsHelper: HarnessCredentialsHelper;
	/** Extension: the name the node under test had in the workflow. */
	nodeName: string;
	/** Extension: when `cancelAfterMs` stopped the execution (Date.now()), if it did. */
	canceledAt?: number;
}
