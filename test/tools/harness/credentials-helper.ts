/**
 * An `ICredentialsHelper` that behaves like n8n's CLI CredentialsHelper where it matters to a
 * node, without a database: credential data lives in memory (what the test gave), but
 *  - defaults from the credential type's properties are filled in and `={{…}}` values in the
 *    stored data are resolved, as n8n does when decrypting;
 *  - `authenticate` applies the credential type's declarative `authenticate` block by resolving
 *    each header/qs/body/auth entry as an expression with `$credentials` = the decrypted data,
 *    mutating the request options in place (n8n does too; the 401 retry re-authenticates the
 *    same object);
 *  - `preAuthentication` returns undefined for credentials without an expirable hidden field,
 *    which is what makes n8n-core retry a 401 once.
 */
import './env';

import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	isExpression,
} from 'n8n-workflow';

import { DGridApi } from '../../../credentials/DGridApi.credentials';

export type CredentialTypeMap = Record<string, ICredentialType>;

export function defaultCredentialTypes(): CredentialTypeMap {
	const dgrid = new DGridApi();
	return { [dgrid.name]: dgrid };
}

/** Node-less expression context for resolving stored credential data (n8n uses a mock node too). */
const credentialMockNode: INode = {
	id: 'credential-mock',
	name: '',
	type: 'harness.credentialMock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** key: `${type}:${id}` → the decrypted data a test stored. */
	private readonly store = new Map<string, ICredentialDataDecryptedObject>();

	/** Every getDecrypted call, so a test can see whether (and how often) a node asked for its credential. */
	readonly decryptCalls: Array<{ type: string; id: string | null }> = [];

	constructor(readonly credentialTypes: CredentialTypeMap = defaultCredentialTypes()) {
		super();
	}

	setCredentials(type: string, id: string, data: ICredentialDataDecryptedObject): void {
		this.getType(type); // fail early on a typo'd type
		this.store.set(`${type}:${id}`, { ...data });
	}

	getType(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new UnexpectedError(`Unknown credential type: ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.getType(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes[credentialType];
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((n) => n === nodeType || nodeType.endsWith(`.${n}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Declarative credential authentication needs the workflow and node',
				);
			}
			const resolve = (value: string): string => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? String(resolved) : '';
			};
			const target = requestOptions as unknown as Record<
				string,
				Record<string, unknown> | undefined
			>;
			requestOptions.headers ??= {};
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				const bucket = (target[section] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					bucket[resolve(key)] = resolve(String(value));
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (
			((await type.preAuthentication.call(
				helpers,
				credentials,
			)) as ICredentialDataDecryptedObject) ?? undefined
		);
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const credentials = new Credentials(
			{ id: nodeCredentials.id, name: nodeCredentials.name },
			type,
		);
		await credentials.setData(this.getStored(nodeCredentials, type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptCalls.push({ type, id: nodeCredentials.id });
		const stored = this.getStored(nodeCredentials, type);
		if (raw === true) return stored;
		return this.applyDefaultsAndResolve(
			stored,
			type,
			mode,
			additionalData,
			executeData,
			expressionResolveValues,
		);
	}

	/**
	 * Fill defaults (e.g. a Base URL the user never touched) and resolve expressions in stored
	 * fields. Exposed so the credential tester can prepare data the same way n8n's does.
	 */
	applyDefaultsAndResolve(
		stored: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		additionalData: IWorkflowExecuteAdditionalData,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		// $execution, $vars, $secrets… as n8n offers them to credential expressions.
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		const withDefaults = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			return workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		}
		// Outside a node run (credential test): resolve against an empty one-node workflow.
		const workflow = new Workflow({
			nodes: [credentialMockNode],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => ({ description: { properties: [] } }) as never,
				getByNameAndVersion: () => ({ description: { properties: [] } }) as never,
				getKnownTypes: () => ({}),
			},
		});
		return workflow.expression.getComplexParameterValue(
			credentialMockNode,
			withDefaults as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(`${type}:${nodeCredentials.id}`, { ...data });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const key = `${type}:${nodeCredentials.id}`;
		this.store.set(key, { ...this.store.get(key), oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		if (!credentialType.extends) return credentialType.properties;
		const merged: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, credentialType.properties);
		return merged;
	}

	private getStored(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): ICredentialDataDecryptedObject {
		const data = this.store.get(`${type}:${nodeCredentials.id}`);
		if (!data) {
			// n8n's CredentialNotFoundError wording.
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return { ...data };
	}
}
