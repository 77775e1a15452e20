// DGrid test gateway: a real HTTP server (plus a second "CDN" server) on 127.0.0.1 that
// behaves like DGrid's API as described in shared/dgrid-docs/README.md. See README.md.
import { createCdnServer } from './cdn';
import { sniffImage } from './images';
import { createApiServer } from './server';
import { GatewayState, resolveOptions } from './state';
import { listen, shutdown } from './tracked';
import type { GatewayOptions, TestGateway } from './types';

export type {
	ApiRouteName,
	ConcurrencyStats,
	Fault,
	GatewayOptions,
	NewApiVersion,
	ProducedImage,
	RandomFaultKind,
	RandomFaultOptions,
	RecordedCdnRequest,
	RecordedRequest,
	RouteName,
	ScriptedResponse,
	TestGateway,
	UpstreamRequest,
} from './types';
export { makeImage, makeLargePng, toDataUrl, sniffImage, MIME_BY_FORMAT } from './images';
export type { ImageFormat, MakeImageOptions } from './images';
export { DEFAULT_API_KEY } from './state';
export { parseDirectives } from './directives';
export { startScriptedLlm } from './scriptedLlm';
export type { ScriptedLlm } from './scriptedLlm';

const CONTENT_TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
};

export async function startGateway(options?: GatewayOptions): Promise<TestGateway> {
	const state = new GatewayState(resolveOptions(options));
	const api = createApiServer(state);
	const cdn = createCdnServer(state);
	const cdnPort = await listen(cdn, state.options.cdnPort);
	let apiPort: number;
	try {
		apiPort = await listen(api, state.options.port);
	} catch (e) {
		await shutdown(cdn);
		throw e;
	}
	state.cdnBaseUrl = `http://127.0.0.1:${cdnPort}`;
	let closing: Promise<void> | undefined;

	return {
		baseUrl: `http://127.0.0.1:${apiPort}`,
		cdnBaseUrl: state.cdnBaseUrl,
		apiKey: state.options.apiKey,
		requests: state.requests,
		cdnRequests: state.cdnRequests,
		produced: state.produced,
		queueFault: (f) => state.queueFault(f),
		queueResponse: (r) => state.queueResponse(r),
		setLatency: (ms) => {
			state.latencyMs = ms;
		},
		setMaxConcurrent: (limit) => {
			state.inFlight.limit = limit || undefined;
		},
		concurrency: () => state.inFlight.stats(),
		hostImage: (buf, ext) => {
			const e = ext.replace(/^\./, '').toLowerCase();
			const type = CONTENT_TYPES[e] ?? sniffImage(buf)?.mime ?? 'application/octet-stream';
			return state.storeFile(buf, e, type);
		},
		reset: () => state.reset(),
		close: () => {
			closing ??= (async () => {
				state.shutdown();
				await Promise.all([shutdown(api), shutdown(cdn)]);
			})();
			return closing;
		},
	};
}
