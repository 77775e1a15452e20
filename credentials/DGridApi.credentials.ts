import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

const USE_A_DGRID_URL = 'Use https://api.dgrid.ai, or the root URL of your own DGrid gateway.';

/**
 * What the credential dialog says instead of n8n's bare status text. n8n checks `responseCode`
 * rules on an error answer and `responseSuccessBody` rules on a 2xx answer, first match wins.
 */
const CREDENTIAL_TEST_RULES: Array<
	IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
> = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'DGrid did not accept this API key (HTTP 401). Check the key: it may be mistyped, revoked or expired.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message: 'DGrid refused this API key (HTTP 403): the key may be disabled or out of quota.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message: `The Base URL is not a DGrid gateway: it has no /v1/models (HTTP 404). ${USE_A_DGRID_URL}`,
		},
	},
	{
		// New API (DGrid's gateway software) answers 200 {success: false, message} when it cannot
		// look up the key's group.
		type: 'responseSuccessBody',
		properties: {
			key: 'success',
			value: false,
			message:
				"DGrid accepted the key but could not list its models (success: false): the key's group may not be set up. Ask DGrid's support.",
		},
	},
	{
		// A web page or another API answers 200 without a model list (`data`).
		type: 'responseSuccessBody',
		properties: {
			key: 'data',
			value: undefined,
			message: `The Base URL answered, but not like a DGrid gateway: /v1/models returned no model list. ${USE_A_DGRID_URL}`,
		},
	},
];

export class DGridApi implements ICredentialType {
	name = 'dgridApi';

	displayName = 'DGrid API';

	icon: Icon = { light: 'file:dgrid.svg', dark: 'file:dgrid.dark.svg' };

	documentationUrl = 'https://github.com/dgrid-community/n8n-nodes-dgrid#credential-dgrid-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your DGrid API key, sent as "Authorization: Bearer &lt;key&gt;"',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.dgrid.ai',
			placeholder: 'https://api.dgrid.ai',
			description:
				'Root URL of the DGrid gateway, without /v1. Change it for a self-hosted or proxy gateway. A trailing slash is fine.',
		},
	];

	/**
	 * "Authorization: Bearer <key>" on every request n8n sends with this credential. A function,
	 * not n8n's declarative `'=Bearer {{$credentials.apiKey}}'`: n8n evaluates such a template in
	 * its expression sandbox on every single request, which cost more CPU per image than all of
	 * the node's own code (npm run bench with BENCH_N8N_CPU_PROF). Same header, same value.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => {
		requestOptions.headers = {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
		};
		return requestOptions;
	};

	// GET /v1/models is cheap and needs the same Bearer key as the image routes, so a wrong
	// key or a wrong base URL shows up in the credential dialog, not in the first run. Without
	// rules n8n shows only the HTTP status text ("Unauthorized"); the rules say what to fix.
	test: ICredentialTestRequest = {
		request: {
			// Same normalisation as the node: trailing slashes and a pasted "/v1" are dropped.
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/, "")}}',
			url: '/v1/models',
			method: 'GET',
		},
		// n8n's type allows one kind of rule per list, but its credential tester reads each rule's
		// own `type` (n8n 1.x and 2.x alike), so both kinds can share the list.
		rules: CREDENTIAL_TEST_RULES as ICredentialTestRequest['rules'],
	};
}
