/**
 * The real DGrid Images node, registered under the type name a community-package install gives
 * it (`<package name>.<node name>`). Imported normally: if the node fails to compile or load,
 * every test that uses the harness says so.
 */
import './env';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { DgridImages } from '../../../nodes/DGridImages/DgridImages.node';

export const PACKAGE_NAME = 'n8n-nodes-dgrid';
export const DGRID_NODE_TYPE = `${PACKAGE_NAME}.dgridImages`;
export const DGRID_CREDENTIAL_TYPE = 'dgridApi';

/** Kept for callers written while the node did not exist yet. */
export function dgridNodeAvailable(): boolean {
	return true;
}

let instance: INodeType | IVersionedNodeType | undefined;

export function loadDGridNode(): INodeType | IVersionedNodeType {
	instance ??= new DgridImages();
	return instance;
}
