import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class DGridApi implements ICredentialType {
	name = 'dgridApi';

	displayName = 'DGrid API';

	icon: Icon = { light: 'file:dgrid.svg', dark: 'file:dgrid.dark.svg' };

	documentationUrl = 'https://docs.dgrid.ai/';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /v1/models is cheap and needs the same Bearer key as the image routes, so a wrong
	// key or an unreachable base URL shows up in the credential dialog, not in the first run.
	test: ICredentialTestRequest = {
		request: {
			// Same normalisation as the node: trailing slashes and a pasted "/v1" are dropped.
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/, "")}}',
			url: '/v1/models',
			method: 'GET',
		},
	};
}
