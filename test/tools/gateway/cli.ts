// Standalone gateway for the demo, benchmarks and real-n8n runs:
//   npx tsc -p test/tools/gateway/tsconfig.json && node .build/gateway/cli.js [--port N] [--cdn-port N] [--key K] [--latency MS] [--new-api-version U|L]
// Prints one JSON line {"baseUrl","cdnBaseUrl","apiKey"} on stdout, runs until SIGINT/SIGTERM.
import { startGateway, type GatewayOptions, type TestGateway } from './index';

interface FlagSpec {
	env: string;
	key: keyof GatewayOptions;
	numeric: boolean;
	/** The only values a text flag takes. */
	choices?: string[];
}

const FLAGS: Record<string, FlagSpec> = {
	'--port': { env: 'DGRID_GATEWAY_PORT', key: 'port', numeric: true },
	'--cdn-port': { env: 'DGRID_GATEWAY_CDN_PORT', key: 'cdnPort', numeric: true },
	'--key': { env: 'DGRID_GATEWAY_KEY', key: 'apiKey', numeric: false },
	'--latency': { env: 'DGRID_GATEWAY_LATENCY_MS', key: 'latencyMs', numeric: true },
	'--async-latency': {
		env: 'DGRID_GATEWAY_ASYNC_LATENCY_MS',
		key: 'asyncLatencyMs',
		numeric: true,
	},
	'--max-body-bytes': { env: 'DGRID_GATEWAY_MAX_BODY_BYTES', key: 'maxBodyBytes', numeric: true },
	'--max-concurrent': { env: 'DGRID_GATEWAY_MAX_CONCURRENT', key: 'maxConcurrent', numeric: true },
	'--image-bytes': { env: 'DGRID_GATEWAY_IMAGE_BYTES', key: 'imageBytes', numeric: true },
	'--new-api-version': {
		env: 'DGRID_GATEWAY_NEW_API_VERSION',
		key: 'newApiVersion',
		numeric: false,
		choices: ['U', 'L'],
	},
};

/** Flags win over environment variables; `--flag value` and `--flag=value` both work. */
export function parseCliOptions(
	argv: string[],
	env: Record<string, string | undefined>,
): GatewayOptions {
	const raw = new Map<string, string>();
	for (const [flag, spec] of Object.entries(FLAGS)) {
		const v = env[spec.env];
		if (v !== undefined && v !== '') raw.set(flag, v);
	}
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		if (!(flag in FLAGS))
			throw new Error(`unknown option ${flag} (known: ${Object.keys(FLAGS).join(', ')})`);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`option ${flag} needs a value`);
		raw.set(flag, value);
	}
	const opts: Record<string, string | number> = {};
	for (const [flag, value] of raw) {
		const spec = FLAGS[flag];
		if (spec.numeric) {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 0)
				throw new Error(`option ${flag} needs a non-negative integer, got '${value}'`);
			opts[spec.key] = n;
		} else if (spec.choices && !spec.choices.includes(value)) {
			throw new Error(`option ${flag} takes ${spec.choices.join(' or ')}, got '${value}'`);
		} else {
			opts[spec.key] = value;
		}
	}
	return opts as GatewayOptions;
}

export async function runCli(
	argv: string[],
	env: Record<string, string | undefined>,
	write: (line: string) => void,
): Promise<TestGateway> {
	const gw = await startGateway(parseCliOptions(argv, env));
	write(
		`${JSON.stringify({ baseUrl: gw.baseUrl, cdnBaseUrl: gw.cdnBaseUrl, apiKey: gw.apiKey })}\n`,
	);
	return gw;
}

if (require.main === module) {
	runCli(process.argv.slice(2), process.env, (l) => process.stdout.write(l)).then(
		(gw) => {
			const stop = () => {
				void gw.close().then(() => process.exit(0));
			};
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		},
		(e: unknown) => {
			process.stderr.write(`dgrid test gateway: ${(e as Error).message}\n`);
			process.exit(1);
		},
	);
}
