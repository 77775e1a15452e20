// Everything the two servers share: options, records, queues, the CDN store, and the
// timers and sockets close() must clean up.
import { InFlightCounter } from './concurrencyLimit';
import { RandomFaults } from './randomFaults';
import type {
	ApiRouteName,
	Fault,
	GatewayOptions,
	NewApiVersion,
	ProducedImage,
	RandomFaultOptions,
	RecordedCdnRequest,
	RecordedRequest,
	ScriptedResponse,
} from './types';

export const DEFAULT_API_KEY = 'sk-test-dgrid-0123456789';

export interface StoredFile {
	bytes: Buffer;
	contentType: string;
}

export interface ResolvedOptions {
	apiKey: string;
	port: number;
	cdnPort: number;
	latencyMs: number;
	asyncLatencyMs: number;
	maxBodyBytes: number;
	maxImageSide: number;
	maxConcurrent?: number;
	imageBytes?: number;
	randomFaults?: RandomFaultOptions;
	newApiVersion: NewApiVersion;
}

export function resolveOptions(o: GatewayOptions = {}): ResolvedOptions {
	return {
		apiKey: o.apiKey ?? DEFAULT_API_KEY,
		port: o.port ?? 0,
		cdnPort: o.cdnPort ?? 0,
		latencyMs: o.latencyMs ?? 0,
		asyncLatencyMs: o.asyncLatencyMs ?? 0,
		maxBodyBytes: o.maxBodyBytes ?? 128 * 1024 * 1024,
		maxImageSide: o.maxImageSide ?? 64,
		maxConcurrent: o.maxConcurrent || undefined,
		imageBytes: o.imageBytes || undefined,
		randomFaults: o.randomFaults,
		newApiVersion: o.newApiVersion ?? 'U',
	};
}

const CDN_KINDS = new Set<Fault['kind']>(['cdnStatus', 'cdnNotImage']);

export function isCdnFault(f: Fault): boolean {
	return CDN_KINDS.has(f.kind) || f.route === 'cdn';
}

export class GatewayState {
	readonly requests: RecordedRequest[] = [];
	readonly cdnRequests: RecordedCdnRequest[] = [];
	readonly produced: ProducedImage[] = [];
	readonly files = new Map<string, StoredFile>();
	latencyMs: number;
	readonly inFlight: InFlightCounter;
	readonly randomFaults?: RandomFaults;
	cdnBaseUrl = '';
	private faults: Fault[] = [];
	private scripts: ScriptedResponse[] = [];
	private directiveHits = new Map<string, number>();
	private timers = new Set<NodeJS.Timeout>();
	private fileCounter = 0;
	private seedCounter = 0;
	closed = false;

	constructor(readonly options: ResolvedOptions) {
		this.latencyMs = options.latencyMs;
		this.inFlight = new InFlightCounter(options.maxConcurrent);
		if (options.randomFaults) this.randomFaults = new RandomFaults(options.randomFaults);
	}

	queueFault(f: Fault): void {
		this.faults.push(f);
	}

	queueResponse(r: ScriptedResponse): void {
		this.scripts.push(r);
	}

	/** First queued fault that applies to this API route (FIFO), removed from the queue. */
	takeApiFault(route: ApiRouteName): Fault | undefined {
		const i = this.faults.findIndex(
			(f) => !isCdnFault(f) && (f.route === undefined || f.route === route),
		);
		return i < 0 ? undefined : this.faults.splice(i, 1)[0];
	}

	takeCdnFault(): Fault | undefined {
		const i = this.faults.findIndex(isCdnFault);
		return i < 0 ? undefined : this.faults.splice(i, 1)[0];
	}

	takeScript(route: ApiRouteName): ScriptedResponse | undefined {
		const i = this.scripts.findIndex((s) => s.route === undefined || s.route === route);
		return i < 0 ? undefined : this.scripts.splice(i, 1)[0];
	}

	/** How many times a directive has fired before (for `*N` limits), then counts this one. */
	hitDirective(key: string): number {
		const n = this.directiveHits.get(key) ?? 0;
		this.directiveHits.set(key, n + 1);
		return n;
	}

	nextSeed(): number {
		return ++this.seedCounter;
	}

	storeFile(bytes: Buffer, ext: string, contentType: string): string {
		const id = `img_${Date.now().toString(36)}_${(++this.fileCounter).toString(36)}`;
		const safeExt = ext.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'bin';
		this.files.set(`${id}.${safeExt}`, { bytes, contentType });
		return `${this.cdnBaseUrl}/images/${id}.${safeExt}`;
	}

	/** Bytes of an image this gateway's CDN serves, when a URL points there. */
	lookupCdnUrl(url: string): StoredFile | undefined {
		if (!this.cdnBaseUrl || !url.startsWith(`${this.cdnBaseUrl}/images/`)) return undefined;
		const name = url.slice(this.cdnBaseUrl.length + '/images/'.length).split(/[?#]/)[0];
		return this.files.get(name);
	}

	/** A delay that close() can cancel (the promise then never settles; its socket is destroyed). */
	sleep(ms: number): Promise<void> {
		if (ms <= 0 || this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.add(t);
		});
	}

	reset(): void {
		this.requests.length = 0;
		this.cdnRequests.length = 0;
		this.produced.length = 0;
		this.faults = [];
		this.scripts = [];
		this.directiveHits.clear();
		this.latencyMs = this.options.latencyMs;
		this.inFlight.limit = this.options.maxConcurrent;
		this.inFlight.resetStats();
	}

	shutdown(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}
