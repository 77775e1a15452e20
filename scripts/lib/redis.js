'use strict';
// A throw-away Redis for n8n's queue mode: Debian's `redis-server` on a free loopback port,
// nothing saved to disk, stopped by its PID. A fresh one per run: n8n's Bull job ids live in
// Redis and would go on across runs.
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');

const { freePort } = require('./n8n');

const REDIS_SERVER = process.env.DGRID_REDIS_SERVER || 'redis-server';

/** Answers PING with PONG? (a raw RESP exchange; no client library needed) */
function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * Starts redis-server; resolves {port, pid, log, stop()} once it answers PING (at most
 * `timeoutMs`). Fails with an install hint when redis-server is missing.
 */
async function startRedis({ timeoutMs = 20000 } = {}) {
	if (spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).error) {
		throw new Error(
			`${REDIS_SERVER} not found: queue mode needs Redis (Debian/Ubuntu: sudo apt-get install redis-server; npm test installs it).`,
		);
	}
	const port = await freePort();
	const child = spawn(
		REDIS_SERVER,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const log = [];
	child.stdout.on('data', (chunk) => log.push(chunk.toString('utf8')));
	child.stderr.on('data', (chunk) => log.push(chunk.toString('utf8')));
	const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	};
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`redis-server exited with code ${child.exitCode}:\n${log.join('')}`);
		if (await ping(port)) return { port, pid: child.pid, log, stop };
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await stop();
	throw new Error(
		`redis-server did not answer PING within ${timeoutMs / 1000} s:\n${log.join('')}`,
	);
}

module.exports = { startRedis };
