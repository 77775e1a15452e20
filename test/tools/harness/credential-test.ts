/**
 * testCredential(): what n8n's CredentialsTester does for a credential type with a declarative
 * `test.request` — put the request on a throw-away node property's `routing.request`, run it
 * through n8n-core's RoutingNode (so `={{$credentials…}}` in baseURL/url is resolved and the
 * credential's `authenticate` is applied by httpRequestWithAuthentication), OK on 2xx.
 *
 * `rules` work as in n8n: `responseCode` rules on an error answer, `responseSuccessBody` rules
 * (lodash-style key path, strict equality) on a 2xx answer; the first match is the message.
 *
 * n8n's own failure message is a matching rule's message, or else terse ("Unauthorized" — the
 * HTTP status text — or "Received HTTP status code: 401", or just an error code like
 * "ECONNREFUSED"). That exact string is returned as `n8nMessage`; `message` starts with it and
 * adds the HTTP status and the server's own error text, so tests can assert what the user can
 * act on. The API key is masked in both (n8n masks secrets the same way: "*****" + last 3
 * characters).
 */
import './env';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeType,
	IRunExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { DGRID_CREDENTIAL_TYPE } from './dgrid-node';
import { HarnessNodeTypes } from './node-types';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
	/** Extension: the exact message n8n's credential dialog would show. */
	n8nMessage?: string;
	/** Extension: HTTP status of the failed test request, when there was a response. */
	httpStatus?: number;
}

const TEST_NODE_TYPE = 'n8n-nodes-dgrid-harness.credentialTest';

function mask(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret.length >= 4) out = out.split(secret).join(`*****${secret.slice(-3)}`);
	}
	return out;
}

/** DGrid/OpenAI-style `{error:{message}}`, `{message}`, `{error:"…"}` or a short text body. */
function serverMessage(body: unknown): string | undefined {
	let data: unknown = body;
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: undefined;
	if (text !== undefined) {
		try {
			data = JSON.parse(text);
		} catch {
			return text.trim().slice(0, 300) || undefined;
		}
	}
	if (data && typeof data === 'object') {
		const d = data as { error?: unknown; message?: unknown };
		if (
			d.error &&
			typeof d.error === 'object' &&
			typeof (d.error as { message?: unknown }).message === 'string'
		) {
			return (d.error as { message: string }).message;
		}
		if (typeof d.error === 'string') return d.error;
		if (typeof d.message === 'string') return d.message;
	}
	return undefined;
}

export async function testCredential(
	data: { apiKey: string; baseUrl: string },
	credentialType = DGRID_CREDENTIAL_TYPE,
): Promise<CredentialTestResult> {
	const credentialsHelper = new HarnessCredentialsHelper();
	const type = credentialsHelper.getType(credentialType);
	const secrets = [data.apiKey];
	if (!type.test)
		return { status: 'Error', message: 'No testing function found for this credential.' };

	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: 'credential-test',
		workflowData: {
			id: 'credential-test',
			name: 'Credential test',
			nodes: [],
			connections: {},
		} as never,
		mode: 'internal',
	});

	// n8n fills in defaults and resolves expressions in the stored data first ('internal' mode).
	let prepared: ICredentialDataDecryptedObject;
	try {
		prepared = credentialsHelper.applyDefaultsAndResolve(
			{ ...data },
			credentialType,
			'internal',
			additionalData,
		);
	} catch (error) {
		const message = mask((error as Error).message, secrets);
		return { status: 'Error', message, n8nMessage: message };
	}
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential-test',
		name: 'DGrid account',
		type: credentialType,
		data: prepared,
	};

	const testNodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Carries the credential test request',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: type.test.request },
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [TEST_NODE_TYPE]: testNodeType }),
	});
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const inputData = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		executeData,
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, testNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		return describeFailure(error, type.test.rules, secrets, data.baseUrl);
	}
	// A 2xx answer: n8n still fails the test when a `responseSuccessBody` rule matches the body.
	const body = response?.[0]?.[0]?.json;
	for (const rule of type.test.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			valueAt(body, rule.properties.key) === rule.properties.value
		) {
			return {
				status: 'Error',
				message: rule.properties.message,
				n8nMessage: rule.properties.message,
				httpStatus: 200,
			};
		}
	}
	return { status: 'OK', message: 'Connection successful!', n8nMessage: 'Connection successful!' };
}

/** lodash's `get(object, 'a.b')`, as n8n reads a `responseSuccessBody` rule's key. */
function valueAt(value: unknown, key: string): unknown {
	let current = value;
	for (const part of key.split('.')) {
		if (current === null || current === undefined) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

type Rules = NonNullable<
	NonNullable<ReturnType<HarnessCredentialsHelper['getType']>['test']>['rules']
>;

function describeFailure(
	error: unknown,
	rules: Rules | undefined,
	secrets: string[],
	baseUrl: string,
): CredentialTestResult {
	const e = error as {
		message?: string;
		cause?: {
			code?: string;
			message?: string;
			response?: { status: number; statusText?: string; data?: unknown };
		};
	};
	const response = e.cause?.response;
	if (response) {
		const status = response.status;
		const detail = serverMessage(response.data);
		for (const rule of rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === status) {
				const n8nMessage = rule.properties.message;
				const message = `${n8nMessage}${detail ? ` DGrid said: ${detail}` : ''}`;
				return {
					status: 'Error',
					message: mask(message, secrets),
					n8nMessage: mask(n8nMessage, secrets),
					httpStatus: status,
				};
			}
		}
		if (status < 199 || status > 299) {
			const n8nMessage = response.statusText || `Received HTTP status code: ${status}`;
			const message = `${n8nMessage} (HTTP ${status})${detail ? `: ${detail}` : ''}`;
			return {
				status: 'Error',
				message: mask(message, secrets),
				n8nMessage: mask(n8nMessage, secrets),
				httpStatus: status,
			};
		}
	}
	// No HTTP answer: unreachable host, refused connection, unsupported protocol, bad URL.
	const rawMessage = String(e.message ?? error);
	const where = ` (base URL "${baseUrl}")`;
	if (e.cause?.code) {
		const causeMessage =
			e.cause.message && e.cause.message !== e.cause.code ? e.cause.message : rawMessage;
		const message = `${e.cause.code}: ${causeMessage}${where}`;
		return {
			status: 'Error',
			message: mask(message, secrets),
			n8nMessage: mask(e.cause.code, secrets),
		};
	}
	return {
		status: 'Error',
		message: mask(rawMessage + where, secrets),
		n8nMessage: mask(rawMessage, secrets),
	};
}
