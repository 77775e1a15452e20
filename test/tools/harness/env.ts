/**
 * Process environment for the engine harness. Import this module BEFORE anything that loads
 * n8n-core: n8n's config classes (InstanceSettings, BinaryDataConfig, …) read `process.env`
 * when the DI container first builds them, and InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config`.
 * Pointing the user folder at a temp dir keeps test runs from touching the developer's ~/.n8n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ownedDirs = new Set<string>();

/** A fresh temp dir that `cleanupTempDirs()` (and process exit) removes. */
export function makeTempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `dgrid-harness-${prefix}-`));
	ownedDirs.add(dir);
	return dir;
}

export function cleanupTempDirs(): void {
	for (const dir of ownedDirs) {
		try {
			rmSync(dir, { recursive: true, force: true });
		} catch {
			// best effort: a dir still in use on exit is not worth failing a test run for
		}
	}
	ownedDirs.clear();
}

let userFolder: string | undefined;

/** Idempotent: the first call creates the user folder and sets the env n8n-core reads. */
export function ensureHarnessEnv(): string {
	if (userFolder) return userFolder;
	userFolder = makeTempDir('user');
	process.env.N8N_USER_FOLDER = userFolder;
	// A fixed key means InstanceSettings never has to generate and persist one.
	process.env.N8N_ENCRYPTION_KEY ??= 'dgrid-harness-test-encryption-key';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
	// Keep n8n's logger quiet unless the developer asks for it.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	return userFolder;
}

ensureHarnessEnv();

/** Other modules' cleanup (binary-data forgets its storage dir) run before the dirs go. */
const cleanupHooks: Array<() => void> = [];
export function onCleanup(hook: () => void): void {
	cleanupHooks.push(hook);
}
export function cleanupHarnessSync(): void {
	for (const hook of cleanupHooks) hook();
	cleanupTempDirs();
}

// Inside jest: clean up after each test file (registered while the file is being collected).
// Elsewhere, or when first imported from inside a running test: at process exit. The exit hook
// is not used under jest because every test file would add one more listener to the worker.
let registered = false;
if (typeof afterAll === 'function') {
	try {
		afterAll(cleanupHarnessSync);
		registered = true;
	} catch {
		// "Hooks cannot be defined inside tests"
	}
}
if (!registered) process.once('exit', cleanupHarnessSync);
