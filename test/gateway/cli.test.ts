// The standalone command's option parsing and start-up line (run in-process; the compiled
// form is `node .build/gateway/cli.js`, see test/gateway/README.md).
import axios from 'axios';
import { parseCliOptions, runCli } from '../tools/gateway/cli';

describe('gateway CLI', () => {
	it('reads flags (both forms) over environment variables', () => {
		expect(
			parseCliOptions(['--port', '8787', '--cdn-port=8788', '--key', 'k1', '--latency=5'], {
				DGRID_GATEWAY_KEY: 'env-key',
				DGRID_GATEWAY_ASYNC_LATENCY_MS: '9',
			}),
		).toEqual({
			port: 8787,
			cdnPort: 8788,
			apiKey: 'k1',
			latencyMs: 5,
			asyncLatencyMs: 9,
		});
		expect(parseCliOptions([], { DGRID_GATEWAY_KEY: 'env-key' })).toEqual({ apiKey: 'env-key' });
		expect(
			parseCliOptions(['--max-concurrent', '8', '--image-bytes=8000000'], {
				DGRID_GATEWAY_MAX_CONCURRENT: '4',
				DGRID_GATEWAY_IMAGE_BYTES: '5',
			}),
		).toEqual({
			maxConcurrent: 8,
			imageBytes: 8000000,
		});
		expect(parseCliOptions([], { DGRID_GATEWAY_MAX_CONCURRENT: '4' })).toEqual({
			maxConcurrent: 4,
		});
	});

	it('plays New API version U or L', () => {
		expect(parseCliOptions(['--new-api-version', 'L'], {})).toEqual({ newApiVersion: 'L' });
		expect(parseCliOptions([], { DGRID_GATEWAY_NEW_API_VERSION: 'U' })).toEqual({
			newApiVersion: 'U',
		});
	});

	it.each([
		[['--port', 'abc']],
		[['--nope', '1']],
		[['--key']],
		[['--latency', '-1']],
		[['--new-api-version', 'X']],
	])('rejects %j', (argv) => {
		expect(() => parseCliOptions(argv, {})).toThrow();
	});

	it('prints one JSON line with the URLs and key, and serves', async () => {
		const lines: string[] = [];
		const gw = await runCli(['--key', 'cli-key'], {}, (l) => lines.push(l));
		try {
			expect(lines).toHaveLength(1);
			expect(lines[0].endsWith('\n')).toBe(true);
			const info = JSON.parse(lines[0]);
			expect(info).toEqual({ baseUrl: gw.baseUrl, cdnBaseUrl: gw.cdnBaseUrl, apiKey: 'cli-key' });
			const res = await axios.get(`${info.baseUrl}/v1/models`, {
				headers: { Authorization: 'Bearer cli-key' },
				proxy: false,
			});
			expect(res.status).toBe(200);
		} finally {
			await gw.close();
		}
	});
});
