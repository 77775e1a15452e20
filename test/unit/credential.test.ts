// The credential's `authenticate`: the Bearer header on every request n8n sends with it.
import type { IAuthenticate, IHttpRequestOptions } from 'n8n-workflow';

import { DGridApi } from '../../credentials/DGridApi.credentials';

const authenticate = new DGridApi().authenticate as Exclude<IAuthenticate, { type: 'generic' }>;

describe('the DGrid API credential', () => {
	it('sets "Authorization: Bearer <key>" and keeps the request\'s other headers', async () => {
		const request: IHttpRequestOptions = {
			url: 'https://api.dgrid.ai/v1/models',
			headers: { Accept: 'application/json' },
		};
		const signed = await authenticate(
			{ apiKey: 'k-123456', baseUrl: 'https://api.dgrid.ai' },
			request,
		);
		expect(signed.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer k-123456',
		});
		expect((await authenticate({}, { url: 'https://x' })).headers).toEqual({
			Authorization: 'Bearer ',
		});
	});

	it("has `authenticate` as its own property: n8n reads it from a copy of the instance to offer Custom API Call and the HTTP Request node's predefined credential", () => {
		const copy = { ...new DGridApi() };
		expect(typeof copy.authenticate).toBe('function');
	});
});
