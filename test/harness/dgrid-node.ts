/**
 * The real DGrid Images node, under the type name a community-package install gives it.
 * It is loaded lazily because it is built in parallel with this harness: while the file does not
 * exist the default registry simply lacks it (runWorkflow then says so); once it exists it is
 * required normally, so a compile/runtime error in it surfaces in the tests that use it.
 */
import './env';

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-dgrid';
export const DGRID_NODE_TYPE = `${PACKAGE_NAME}.dgridImages`;
export const DGRID_CREDENTIAL_TYPE = 'dgridApi';

const NODE_SOURCE = join(__dirname, '..', '..', 'nodes', 'DGridImages', 'DGridImages.node.ts');

export function dgridNodeAvailable(): boolean {
	return existsSync(NODE_SOURCE);
}

let cached: INodeType | IVersionedNodeType | undefined;

export function loadDGridNode(): INodeType | IVersionedNodeType {
	if (cached) return cached;
	if (!dgridNodeAvailable()) {
		throw new Error(`The DGrid node is not there yet: ${NODE_SOURCE} does not exist`);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(NODE_SOURCE) as { DGridImages?: new () => INodeType | IVersionedNodeType };
	if (typeof mod.DGridImages !== 'function') {
		throw new Error(`${NODE_SOURCE} does not export a class DGridImages`);
	}
	cached = new mod.DGridImages();
	return cached;
}
