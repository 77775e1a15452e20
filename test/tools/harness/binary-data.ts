/**
 * n8n-core's real BinaryDataService, configured the way n8n does at start-up: the DI container's
 * BinaryDataConfig gets `mode` and `localStoragePath`, then `BinaryDataService.init()` builds the
 * storage managers. `default` keeps base64 in the item; `filesystem` writes files under the temp
 * storage path and leaves `id` = "filesystem-v2:<path>" in the item.
 * init() reads the config each time, so switching modes between runs is just re-configure + init.
 */
// ./env first: it sets N8N_USER_FOLDER etc. before n8n-core loads.
import { makeTempDir, onCleanup } from './env';

import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

export type BinaryMode = 'default' | 'filesystem';

let current: { mode: BinaryMode; storagePath: string } | undefined;

let switching: Promise<unknown> = Promise.resolve();

/**
 * The service is process-wide: runs started concurrently must use the same mode (switching while
 * another run is storing or reading binaries would break that run). Calls are serialized so two
 * concurrent first runs do not both create a storage dir.
 */
export async function configureBinaryData(
	mode: BinaryMode,
): Promise<{ mode: BinaryMode; storagePath: string }> {
	const next = switching.then(async () => {
		if (current?.mode === mode) return current;
		const storagePath = current?.storagePath ?? makeTempDir('binary');
		const config = Container.get(BinaryDataConfig);
		config.mode = mode;
		config.localStoragePath = storagePath;
		await Container.get(BinaryDataService).init();
		current = { mode, storagePath };
		return current;
	});
	switching = next.catch(() => undefined);
	return await next;
}

export function binaryStoragePath(): string | undefined {
	return current?.storagePath;
}

/** Bytes of a binary as a node downstream would see them, in any mode. */
export async function readBinary(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** Absolute file path of a filesystem-mode binary (undefined for an in-item base64 one). */
export function binaryFilePath(binary: IBinaryData): string | undefined {
	return binary.id ? Container.get(BinaryDataService).getPath(binary.id) : undefined;
}

/** Forget the configuration when the temp dirs go; the next run re-inits in a new dir. */
onCleanup(() => {
	current = undefined;
});
