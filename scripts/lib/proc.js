'use strict';
// Child processes with captured output, for npm, tsc and the n8n CLI.
const { spawn } = require('node:child_process');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs a command; resolves with {code, stdout, stderr, seconds} whatever the exit code.
 * `echo` streams the child's output to ours as well (long installs show progress).
 */
function run(command, args, { cwd, env, echo = false, input, timeoutMs } = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env: env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			shell: process.platform === 'win32',
		});
		const out = [];
		const err = [];
		child.stdout.on('data', (chunk) => {
			out.push(chunk);
			if (echo) process.stdout.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			err.push(chunk);
			if (echo) process.stderr.write(chunk);
		});
		let timer;
		if (timeoutMs) {
			timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		}
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({
				code: code ?? (signal ? 128 : 1),
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				seconds: (Date.now() - started) / 1000,
			});
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

/** Like run, but rejects with the command's output when it exits non-zero. */
async function runChecked(command, args, options = {}) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}):\n${tail}`);
	}
	return result;
}

module.exports = { NPM, run, runChecked };
