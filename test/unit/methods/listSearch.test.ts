// The model picker's search, against the test gateway's GET /v1/models. The load-options
// context is a stand-in (only this one function is under test); the HTTP is real.
import axios from 'axios';
import type {
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
} from 'n8n-workflow';

import { searchModels } from '../../../nodes/DGridImages/methods/listSearch';
import type { TestGateway } from '../../tools/gateway';
import { startGateway } from '../../tools/gateway';

let gateway: TestGateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => gateway.close());

function loadOptionsContext(operation: string, apiKey = gateway.apiKey): ILoadOptionsFunctions {
	const credentials = { apiKey, baseUrl: `${gateway.baseUrl}/` };
	return {
		getNode: () => ({
			id: '1',
			name: 'DGrid Images',
			type: 'n8n-nodes-dgrid.dgridImages',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getNodeParameter: (name: string) => (name === 'operation' ? operation : undefined),
		getCredentials: async () => credentials,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const response = await axios.request({
					method: options.method,
					url: options.url,
					headers: {
						...(options.headers as Record<string, string>),
						Authorization: `Bearer ${credentials.apiKey}`,
					},
					responseType: 'arraybuffer',
					validateStatus: () => true,
				});
				return {
					statusCode: response.status,
					headers: response.headers,
					body: Buffer.from(response.data),
				};
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

const ids = (result: INodeListSearchResult) => result.results.map((entry) => entry.value);

describe('model search', () => {
	it('lists image models only, those of the operation family first', async () => {
		const forGenerate = ids(await searchModels.call(loadOptionsContext('generate')));
		expect(forGenerate).not.toContain('openai/gpt-4o');
		expect(forGenerate).not.toContain('claude-sonnet-4');
		expect(forGenerate).toEqual(
			expect.arrayContaining(['dall-e-3', 'gpt-image-1', 'wanx-v1', 'gemini-2.5-flash-image']),
		);
		const firstGemini = forGenerate.findIndex((id) => String(id).startsWith('gemini'));
		expect(forGenerate.indexOf('dall-e-3')).toBeLessThan(firstGemini);

		const forChat = ids(await searchModels.call(loadOptionsContext('chat')));
		expect(String(forChat[0])).toMatch(/^gemini/);
		const forQwen = ids(await searchModels.call(loadOptionsContext('qwenGenerate')));
		expect(String(forQwen[0])).toMatch(/^(qwen|wan)/);
	});

	it('filters by the typed text, also finding models not recognised as image models', async () => {
		expect(ids(await searchModels.call(loadOptionsContext('generate'), 'DALL'))).toEqual([
			'dall-e-2',
			'dall-e-3',
		]);
		expect(ids(await searchModels.call(loadOptionsContext('chat'), 'gpt-4o'))).toEqual([
			'openai/gpt-4o',
		]);
	});

	it('marks the models that fit the operation; for Chat only the ids DGrid answers with images', async () => {
		const forQwen = (await searchModels.call(loadOptionsContext('qwenGenerate'))).results;
		expect(forQwen.find((entry) => entry.value === 'qwen-image')?.name).toBe(
			'qwen-image (fits Qwen Generate)',
		);
		expect(forQwen.find((entry) => entry.value === 'dall-e-3')?.name).toBe('dall-e-3');

		const forChat = (await searchModels.call(loadOptionsContext('chat'))).results;
		expect(forChat.slice(0, 2).map((entry) => entry.name)).toEqual([
			'gemini-2.5-flash-image (returns images in Chat)',
			'gemini-3-pro-image-preview (returns images in Chat)',
		]);
	});

	it("shows the gateway's reason when it answers the list with {success: false, message}", async () => {
		// New API answers HTTP 200 without `data` when it cannot look up the key's group.
		gateway.queueResponse({
			route: 'models',
			json: { success: false, message: 'no available channel for group vip' },
		});

		await expect(searchModels.call(loadOptionsContext('generate'))).rejects.toThrow(
			'DGrid could not list the models: "no available channel for group vip"',
		);
	});

	it('reports a wrong key as a DGrid error', async () => {
		await expect(
			searchModels.call(loadOptionsContext('generate', 'sk-nope-000000')),
		).rejects.toThrow(
			'Loading the model list failed for item 0: DGrid did not accept the API key — check the DGrid API credential (HTTP 401)',
		);
	});
});
