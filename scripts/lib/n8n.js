'use strict';
// One throw-away (or kept) n8n user folder, driven through the real n8n CLI on Node 24:
// import credentials and workflows, execute a workflow, or start the editor.
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { N8N_BIN } = require('./paths');
const { run } = require('./proc');
const { NODE24, n8nProcessPathEnv } = require('./runtime');

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
function n8nEnv({ userFolder, binaryMode, allowedPaths, port, extra }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) makes n8n refuse to load nodes; JEST_* and the rest are
		// settings of ours, not of the n8n being run.
		if (/^(npm_|N8N_|DGRID_|DB_|EXECUTIONS_|JEST_)/i.test(key) || ['NODE_OPTIONS', 'NODE_PATH', 'NODE_ENV'].includes(key)) continue;
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
		...extra,
	});
	return n8nProcessPathEnv(env);
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
	 */
	constructor({ userFolder, workDir, allowedPaths, binaryMode = 'filesystem', port, extraEnv }) {
		this.userFolder = userFolder;
		this.workDir = workDir;
		this.binaryMode = binaryMode;
		this.port = port ?? 5678;
		this.env = n8nEnv({ userFolder, binaryMode, allowedPaths, port: this.port, extra: extraEnv });
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
		return run(NODE24, [N8N_BIN, ...args], { cwd: this.workDir, env: await this.processEnv(), timeoutMs });
	}

	async cliChecked(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n')}`);
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

	/** Imports all workflows with one n8n start-up (`--separate` on a folder of files). */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.scratch, 'workflows-'));
		workflows.forEach((workflow, index) => {
			fs.writeFileSync(path.join(dir, `${String(index).padStart(3, '0')}-${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		});
		try {
			return await this.cliChecked(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
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
		return {
			ok: result.code === 0 && runData !== undefined && !error,
			run: runData,
			error,
			exitCode: result.code,
			seconds: result.seconds,
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/** Starts `n8n start`; resolves once /healthz answers. `echo` shows n8n's log on our stdout. */
	async start({ echo = false, timeoutMs = 120000 } = {}) {
		const child = spawn(NODE24, [N8N_BIN, 'start'], { cwd: this.workDir, env: await this.processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		this.log = [];
		const collect = (chunk) => {
			this.log.push(chunk.toString('utf8'));
			if (echo) process.stdout.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const status = await Promise.race([
				exited.then((code) => ({ exited: code })),
				httpJson('GET', `${this.url}/healthz/readiness`).then(
					(r) => ({ status: r.status }),
					() => ({ status: 0 }),
				),
			]);
			if ('exited' in status) throw new Error(`n8n start exited with code ${status.exited}:\n${this.log.join('').split('\n').slice(-30).join('\n')}`);
			if (status.status === 200) return this;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await this.stop();
		throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s:\n${this.log.join('').split('\n').slice(-30).join('\n')}`);
	}

	get url() {
		return `http://localhost:${this.port}`;
	}

	async stop() {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
		await exited;
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
					...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
					...(cookies?.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
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
	const setup = await httpJson('POST', `${instance.url}/rest/owner/setup`, { body: owner, cookies });
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
	if (response.status !== 200) throw new Error(`login failed: HTTP ${response.status} ${response.text.slice(0, 300)}`);
	return cookies;
}

module.exports = { N8nInstance, freePort, makeTempDir, extractJson, httpJson, setupOwner, login };
