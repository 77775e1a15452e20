/**
 * Engine-level test harness: whole workflows through n8n-core's real WorkflowExecute.
 *
 *   import { runWorkflow, testCredential } from '.';
 *
 * Importing this module sets N8N_USER_FOLDER etc. to a temp dir (./env) before n8n-core loads,
 * and, inside jest, registers an afterAll() that removes the harness's temp dirs (outside jest:
 * at process exit). Call cleanupHarness() to do it earlier.
 */
// ./env first: it sets N8N_USER_FOLDER etc. before n8n-core loads.
import { cleanupHarnessSync } from './env';

export { runWorkflow } from './run-workflow';
export type { RunWorkflowOptions, RunResult, ResultItem, RunError } from './run-workflow';
export { testCredential } from './credential-test';
export type { CredentialTestResult } from './credential-test';
export { HarnessNodeTypes } from './node-types';
export type { NodeTypeMap } from './node-types';
export { HarnessCredentialsHelper, defaultCredentialTypes } from './credentials-helper';
export { configureBinaryData, binaryStoragePath, binaryFilePath, readBinary } from './binary-data';
export type { BinaryMode } from './binary-data';
export {
	DGRID_NODE_TYPE,
	DGRID_CREDENTIAL_TYPE,
	PACKAGE_NAME,
	dgridNodeAvailable,
	loadDGridNode,
} from './dgrid-node';
export { MANUAL_TRIGGER_TYPE, INPUT_NODE_TYPE } from './workflow-nodes';
export type { InputItem } from './workflow-nodes';
export * from './test-nodes';

/**
 * Remove the harness's temp dirs (user folder, binary storage). Safe to call more than once;
 * a later runWorkflow() sets binary storage up again in a new temp dir.
 */
export async function cleanupHarness(): Promise<void> {
	cleanupHarnessSync();
}
