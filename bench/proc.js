'use strict';
// What Linux says about a process: resident memory (VmRSS in /proc/<pid>/status) and CPU time
// spent so far (utime + stime in /proc/<pid>/stat, all threads: JavaScript, GC, libuv pool).
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

let ticksPerSecond;
/** Clock ticks per second of /proc's CPU counters (getconf CLK_TCK; 100 on every Linux we know). */
function clockTicks() {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond =
				Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim()) ||
				100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** Resident set size in bytes, or undefined once the process is gone. */
function rssBytes(pid) {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** User + system CPU seconds the process has used. */
function cpuSeconds(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) is in parentheses and may hold spaces: count fields after it.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]); // field 14 of the whole line
	const stime = Number(fields[12]); // field 15
	return (utime + stime) / clockTicks();
}

function supported() {
	return process.platform === 'linux' && fs.existsSync(`/proc/${process.pid}/status`);
}

module.exports = { rssBytes, cpuSeconds, clockTicks, supported };
