'use strict';
// One throw-away (or kept) n8n user folder, driven through the real n8n CLI of a pinned runtime
// (runtimes.js: n8n 2.x on Node 24 by default, or n8n 1.x on Node 20): import credentials and
// workflows, execute a workflow, or start the editor or a queue-mode worker.
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { run } = require('./proc');
const { n8nProcessPathEnv } = require('./runtime');
const { getRuntime } = require('./runtimes');

/** A port nobody listens on right now (n8n's task broker and editor get one each). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Makes a fresh temp folder (real path: n8n refuses file paths with symlinked components). */
function makeTempDir(prefix) {
	return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/**
 * The environment of n8n's processes: ours without npm's and DGrid's variables (the key goes
 * to n8n only inside the imported credential), plus n8n's settings for a quiet local instance.
 */
function n8nEnv({ userFolder, binaryMode, allowedPaths, port, extra, runtime = getRuntime() }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) makes n8n refuse to load nodes; JEST_* and the rest are
		// settings of ours, not of the n8n being run.
		if (
			/^(npm_|N8N_|DGRID_|DB_|EXECUTIONS_|JEST_)/i.test(key) ||
			['NODE_OPTIONS', 'NODE_PATH', 'NODE_ENV'].includes(key)
		)
			continue;
		env[key] = value;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		// Fixed, not secret: these user folders hold only a test credential (or the user's own
		// key, in a folder that lives as long as the run).
		N8N_ENCRYPTION_KEY: 'n8n-nodes-dgrid-local-runs',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_DEFAULT_BINARY_DATA_MODE: binaryMode ?? 'filesystem',
		// The Read/Write Files node may only touch these folders (n8n 2.x default: ~/.n8n-files).
		N8N_RESTRICT_FILE_ACCESS_TO: (allowedPaths ?? []).join(';'),
		N8N_PORT: String(port ?? 5678),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_SECURE_COOKIE: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_RUNNERS_ENABLED: 'true',
		...runtime.env,
		...extra,
	});
	return n8nProcessPathEnv(env, runtime);
}

/** The JSON document n8n prints (pretty, two-space indented) amid its log lines. */
function extractJson(text) {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start === -1) return undefined;
	const end = lines.findIndex((line, index) => index > start && line === '}');
	if (end === -1) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {string} o.userFolder   N8N_USER_FOLDER (the package goes to <it>/.n8n/nodes)
	 * @param {string} o.workDir      n8n's working directory: relative file paths in workflows resolve here
	 * @param {string[]} o.allowedPaths folders the Read/Write Files node may use
	 * @param {'default'|'filesystem'|'database'} [o.binaryMode]
	 * @param {number} [o.port]       N8N_PORT (editor, webhooks)
	 * @param {object} [o.extraEnv]   more environment for every n8n process of this instance
	 * @param {object} [o.runtime]    which pinned n8n (runtimes.js getRuntime); default n8n 2.x or DGRID_N8N
	 */
	constructor({
		userFolder,
		workDir,
		allowedPaths,
		binaryMode = 'filesystem',
		port,
		extraEnv,
		runtime = getRuntime(),
	}) {
		this.userFolder = userFolder;
		this.workDir = workDir;
		this.binaryMode = binaryMode;
		this.port = port ?? 5678;
		this.runtime = runtime;
		this.env = n8nEnv({
			userFolder,
			binaryMode,
			allowedPaths,
			port: this.port,
			extra: extraEnv,
			runtime,
		});
		this.scratch = path.join(userFolder, 'import');
		fs.mkdirSync(this.scratch, { recursive: true });
	}

	/**
	 * Every n8n process starts a task broker (default port 5679): give each its own free port so
	 * several n8n processes (parallel tests, a dev editor) never collide.
	 */
	async processEnv() {
		return { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	}

	async cli(args, { timeoutMs = 10 * 60 * 1000 } = {}) {
		return run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.workDir,
			env: await this.processEnv(),
			timeoutMs,
		});
	}

	async cliChecked(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n')}`,
			);
		}
		return result;
	}

	/** credentials: [{id, name, type, data}] — n8n encrypts `data` on import. */
	async importCredentials(credentials) {
		const file = path.join(this.scratch, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		try {
			return await this.cliChecked(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Imports all workflows with one n8n start-up (`--separate` on a folder of files).
	 * `activeState: 'fromJson'` keeps their `active` flag (n8n 2.x accepts it in queue mode only).
	 */
	async importWorkflows(workflows, { activeState } = {}) {
		const dir = fs.mkdtempSync(path.join(this.scratch, 'workflows-'));
		workflows.forEach((workflow, index) => {
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}-${workflow.id}.json`),
				JSON.stringify(workflow, null, 2),
			);
		});
		try {
			return await this.cliChecked([
				'import:workflow',
				'--separate',
				`--input=${dir}`,
				...(activeState ? [`--activeState=${activeState}`] : []),
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Makes sure these workflows are active (their triggers and webhooks start with `n8n start`):
	 * an import can leave them inactive ("User attempted to activate a workflow without
	 * permissions"); `publish:workflow` (n8n 2.x) activates one then. Run before `start`.
	 */
	async ensureActive(ids) {
		const active = async () =>
			new Set(
				(await this.cliChecked(['list:workflow', '--active=true', '--onlyId'])).stdout
					.split(/\s+/)
					.filter(Boolean),
			);
		const before = await active();
		// n8n 1.x has no publish:workflow; its update:workflow --active=true still works there.
		const activate = (id) =>
			this.runtime.major >= 2
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'];
		for (const id of ids.filter((id) => !before.has(id))) await this.cliChecked(activate(id));
		const after = await active();
		const inactive = ids.filter((id) => !after.has(id));
		if (inactive.length > 0)
			throw new Error(`n8n left these workflows inactive: ${inactive.join(', ')}`);
	}

	/**
	 * `n8n execute --id=… --rawOutput`. Resolves {ok, run, error, seconds, stdout, stderr}:
	 * `run` is n8n's execution data (IRun) — printed on success and, on failure, in n8n's
	 * "Execution error" log; `error` is `run.data.resultData.error` when the run failed.
	 */
	async execute(id, options) {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], options);
		const runData = extractJson(result.stdout);
		const error = runData?.data?.resultData?.error;
		// n8n 2.x on Node 24 rarely dies with SIGSEGV while it shuts down, after it printed and
		// stored the finished run (seen once in some 40 runs; not in 15 repeats of the same one).
		// The run is what the tests judge; the crash is logged so it stays visible.
		const crashedAfterRun =
			result.signal === 'SIGSEGV' && runData?.finished === true && runData.status === 'success';
		if (crashedAfterRun)
			console.warn(
				`n8n execute --id=${id}: the run finished (success), then n8n crashed at exit (SIGSEGV)`,
			);
		return {
			ok: (result.code === 0 || crashedAfterRun) && runData !== undefined && !error,
			run: runData,
			error,
			exitCode: result.code,
			signal: result.signal,
			seconds: result.seconds,
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/**
	 * Starts a long-running `n8n <args>` process and resolves once `ready(proc)` resolves
	 * {ok: true} (polled every 500 ms, bounded by `timeoutMs`; {ok: false, reason} keeps
	 * waiting). Rejects when the process exits first (the error carries its log as `.log`).
	 * `echo` shows its log on our stdout.
	 */
	async spawnReady(args, { env = {}, ready, echo = false, timeoutMs = 120000 }) {
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.workDir,
			env: { ...(await this.processEnv()), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const proc = new N8nProcess(`n8n ${args.join(' ')}`, child, { echo });
		const deadline = Date.now() + timeoutMs;
		let last = 'no answer yet';
		while (Date.now() < deadline) {
			const status = await Promise.race([
				proc.exited.then((code) => ({ exited: code })),
				ready(proc).catch((error) => ({ ok: false, reason: error.message })),
			]);
			if ('exited' in status) {
				throw Object.assign(
					new Error(`${proc.label} exited with code ${status.exited}:\n${proc.tail(30)}`),
					{ log: proc.output },
				);
			}
			if (status.ok) return proc;
			last = status.reason;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await proc.stop();
		throw new Error(
			`${proc.label} did not become ready within ${timeoutMs / 1000} s (last check: ${last}):\n${proc.tail(30)}`,
		);
	}

	/**
	 * Is `n8n start` (this instance's, on `port`) ready for what the tests and scripts do?
	 * n8n answers long before it is: while it migrates the database it sends 200 "n8n is
	 * starting up. Please wait" (text/html) for every path, then 404 until its routes are
	 * registered, and it writes the editor's types (`types/nodes.json`, served from
	 * `<user folder>/.cache/n8n/public`) in the background (n8n's FrontendService: `void
	 * this.generateTypes()`), so for a while that file is empty or cut off. Ready means all of:
	 *  - our process logged "n8n ready on <address>, port <port>": it bound the port itself (had
	 *    another process the port, n8n would exit with "already in use"), so the answers below
	 *    come from our n8n, not from a neighbour's;
	 *  - GET /healthz/readiness is 200 {"status":"ok"} (database migrated, server fully set up);
	 *  - GET /rest/settings is 200 JSON with `data` (the REST API and its controllers);
	 *  - GET /types/nodes.json is routed (401 without a login, or 200 with a JSON array);
	 *  - the types files n8n serves parse as JSON arrays, and nodes.json lists the nodes of every
	 *    community package installed in the user folder.
	 */
	async checkReady(proc, port) {
		const base = `http://${this.env.N8N_LISTEN_ADDRESS || '127.0.0.1'}:${port}`;
		if (!new RegExp(`n8n ready on \\S+, port ${port}\\b`).test(proc.output))
			return { ok: false, reason: `n8n has not logged "n8n ready on …, port ${port}" yet` };
		const get = (route) => httpJson('GET', `${base}${route}`, { timeoutMs: 10000 });
		const isJson = (response) =>
			/\bjson\b/i.test(response.headers['content-type'] ?? '') && response.json !== undefined;
		const describe = (route, response) =>
			`GET ${route}: HTTP ${response.status} ${response.headers['content-type'] ?? ''} ${JSON.stringify(response.text.slice(0, 60))}`;
		const readiness = await get('/healthz/readiness');
		if (readiness.status !== 200 || readiness.json?.status !== 'ok')
			return { ok: false, reason: describe('/healthz/readiness', readiness) };
		const settings = await get('/rest/settings');
		if (settings.status !== 200 || !isJson(settings) || typeof settings.json.data !== 'object')
			return { ok: false, reason: describe('/rest/settings', settings) };
		const types = await get('/types/nodes.json');
		if (!(types.status === 401 || (types.status === 200 && Array.isArray(types.json))))
			return { ok: false, reason: describe('/types/nodes.json', types) };
		const typesDir = path.join(this.userFolder, '.cache', 'n8n', 'public', 'types');
		const parsed = {};
		for (const name of ['nodes', 'credentials']) {
			try {
				parsed[name] = JSON.parse(fs.readFileSync(path.join(typesDir, `${name}.json`), 'utf8'));
			} catch (error) {
				return {
					ok: false,
					reason: `${name}.json in n8n's static cache is not complete JSON yet (${error.code ?? error.message.slice(0, 80)})`,
				};
			}
			if (!Array.isArray(parsed[name]))
				return { ok: false, reason: `${name}.json in n8n's static cache is not a JSON array` };
		}
		const missing = this.installedPackages().filter(
			(pkg) => !parsed.nodes.some((node) => node.name?.startsWith(`${pkg}.`)),
		);
		if (missing.length > 0)
			return { ok: false, reason: `nodes.json lists no node of ${missing.join(', ')} yet` };
		return { ok: true };
	}

	/** Names of the community packages installed in this user folder (`.n8n/nodes/package.json`). */
	installedPackages() {
		try {
			const manifest = JSON.parse(
				fs.readFileSync(path.join(this.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'),
			);
			return Object.keys(manifest.dependencies ?? {});
		} catch {
			return [];
		}
	}

	/**
	 * Starts `n8n start`; resolves once it is ready for the REST API, the editor's types and the
	 * health check (see `checkReady`), bounded by `timeoutMs`. `echo` shows n8n's log on our
	 * stdout. With `movePortIfTaken` (set for instances on a port picked by `freePort()`), a port
	 * some other process took in the meantime (n8n exits: "port … is already in use") is replaced
	 * by a new free one and n8n started again (`url` follows).
	 */
	async start({
		echo = false,
		timeoutMs = 120000,
		movePortIfTaken = this.movePortIfTaken ?? false,
	} = {}) {
		const deadline = Date.now() + timeoutMs;
		for (let attempt = 1; ; attempt++) {
			const port = this.port;
			try {
				this.main = await this.spawnReady(['start'], {
					ready: (proc) => this.checkReady(proc, port),
					echo,
					timeoutMs: Math.max(deadline - Date.now(), 1000),
				});
				break;
			} catch (error) {
				const taken = new RegExp(`port ${port} is already in use`).test(error.log ?? '');
				if (!taken || !movePortIfTaken || attempt >= 3 || Date.now() >= deadline) throw error;
				this.port = await freePort();
				this.env.N8N_PORT = String(this.port);
				if (echo)
					console.log(
						`n8n: port ${port} was taken by another process; starting again on port ${this.port}`,
					);
			}
		}
		this.child = this.main.child;
		this.log = this.main.log;
		return this;
	}

	/**
	 * Starts a queue-mode worker (`n8n worker`, needs EXECUTIONS_MODE=queue in the instance's
	 * env); resolves once its health server answers. Its log is in `.log`; `stop()` stops it.
	 * Each worker writes its own event log (workers sharing a user folder would share one).
	 */
	async startWorker({ concurrency = 10, echo = false, timeoutMs = 120000 } = {}) {
		this.workers ??= [];
		this.workerCount = (this.workerCount ?? 0) + 1; // counted before any await: workers may start together
		const index = this.workerCount;
		const healthPort = await freePort();
		const worker = await this.spawnReady(['worker', `--concurrency=${concurrency}`], {
			env: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-worker${index}`,
			},
			// The worker's own health server (our process: it exits if the port is taken).
			ready: async () => {
				const response = await httpJson('GET', `http://127.0.0.1:${healthPort}/healthz/readiness`, {
					timeoutMs: 10000,
				});
				return response.status === 200 && response.json?.status === 'ok'
					? { ok: true }
					: {
							ok: false,
							reason: `GET /healthz/readiness: HTTP ${response.status} ${JSON.stringify(response.text.slice(0, 60))}`,
						};
			},
			echo,
			timeoutMs,
		});
		worker.name = `worker${index}`;
		this.workers.push(worker);
		return worker;
	}

	get url() {
		return `http://localhost:${this.port}`;
	}

	/**
	 * One execution through the REST API (owner `cookies`): n8n's record ({id, status, mode, …})
	 * with `data` decoded — the API sends execution data in the `flatted` encoding; n8n's own
	 * copy of flatted reads it. `run` has the shape `n8n execute` prints ({data: {resultData}}).
	 */
	async fetchExecution(id, cookies) {
		const response = await httpJson('GET', `${this.url}/rest/executions/${id}`, { cookies });
		if (response.status !== 200)
			throw new Error(
				`GET /rest/executions/${id}: HTTP ${response.status} ${response.text.slice(0, 200)}`,
			);
		const execution = response.json.data;
		const flatted = require(this.runtime.resolve('flatted'));
		const data = flatted.parse(execution.data);
		return { ...execution, data, run: { status: execution.status, mode: execution.mode, data } };
	}

	/** Where this n8n keeps filesystem-mode binaries (ids `filesystem-v2:<path below it>`). */
	get binaryStoragePath() {
		return path.join(this.userFolder, '.n8n', this.runtime.binaryDataFolder);
	}

	/** Stops the workers and `n8n start` (SIGTERM, SIGKILL after 15 s). */
	async stop() {
		await Promise.all(
			[...(this.workers ?? []), this.main].filter(Boolean).map((proc) => proc.stop()),
		);
	}
}

/** A long-running n8n process started by this script: its output and a stop by PID. */
class N8nProcess {
	constructor(label, child, { echo }) {
		this.label = label;
		this.child = child;
		/** Output chunks (stdout and stderr), as text. */
		this.log = [];
		const collect = (chunk) => {
			this.log.push(chunk.toString('utf8'));
			if (echo) process.stdout.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	}

	get output() {
		return this.log.join('');
	}

	tail(lines) {
		return this.output.split('\n').slice(-lines).join('\n');
	}

	async stop() {
		const child = this.child;
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
		await this.exited;
		clearTimeout(timer);
	}
}

/** A tiny JSON HTTP client with a cookie jar, for n8n's REST API. */
function httpJson(method, url, { body, cookies, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const request = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(payload
						? { 'content-type': 'application/json', 'content-length': payload.length }
						: {}),
					...(cookies?.size
						? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
						: {}),
					'browser-id': 'n8n-nodes-dgrid-scripts',
				},
				timeout: timeoutMs,
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					for (const header of response.headers['set-cookie'] ?? []) {
						const [pair] = header.split(';');
						const eq = pair.indexOf('=');
						cookies?.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
					}
					const body = Buffer.concat(chunks);
					const text = body.toString('utf8');
					let json;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch {
						json = undefined;
					}
					resolve({ status: response.statusCode, headers: response.headers, json, text, body });
				});
			},
		);
		request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
		request.on('error', reject);
		request.end(payload);
	});
}

/** An owner account for a fresh n8n (needed to log in to the editor or use the REST API). */
async function setupOwner(instance, owner) {
	const cookies = new Map();
	const setup = await httpJson('POST', `${instance.url}/rest/owner/setup`, {
		body: owner,
		cookies,
	});
	if (setup.status !== 200) {
		throw new Error(`owner setup failed: HTTP ${setup.status} ${setup.text.slice(0, 300)}`);
	}
	return cookies;
}

async function login(instance, { email, password }) {
	const cookies = new Map();
	const response = await httpJson('POST', `${instance.url}/rest/login`, {
		body: { emailOrLdapLoginId: email, password },
		cookies,
	});
	if (response.status !== 200)
		throw new Error(`login failed: HTTP ${response.status} ${response.text.slice(0, 300)}`);
	return cookies;
}

module.exports = { N8nInstance, freePort, makeTempDir, extractJson, httpJson, setupOwner, login };
