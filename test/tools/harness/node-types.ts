/**
 * The node-type registry WorkflowExecute asks for node implementations (n8n's `INodeTypes`).
 * n8n's own NodeTypes loads packages from disk; here the test hands over classes directly,
 * registered under the full type name a workflow uses (`<package>.<node>`), exactly as a
 * community package install names them (`n8n-nodes-dgrid.dgridImages`).
 */
import './env';

import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(types: NodeTypeMap = {}) {
		this.add(types);
	}

	add(types: NodeTypeMap): this {
		for (const [name, type] of Object.entries(types)) this.types.set(name, type);
		return this;
	}

	has(typeName: string): boolean {
		return this.types.has(typeName);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.lookup(nodeType);
	}

	/** Versioned nodes resolve to the implementation for `version` (latest when omitted), as in n8n. */
	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.lookup(nodeType), version);
	}

	/** n8n returns `{ [type]: { className, sourcePath } }`; only the keys matter to the engine. */
	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}

	private lookup(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) {
			// Same wording as n8n's "Unrecognized node type" so failures read familiar.
			throw new UnexpectedError(`Unrecognized node type: ${nodeType}`, {
				extra: { known: [...this.types.keys()] },
			});
		}
		return type;
	}
}
