/**
 * n8n-core's real BinaryDataService, configured the way n8n does at start-up: the DI container's
 * BinaryDataConfig gets `mode` and `localStoragePath`, then `BinaryDataService.init()` builds the
 * storage managers. `default` keeps base64 in the item; `filesystem` writes files under the temp
 * storage path and leaves `id` = "filesystem-v2:<path>" in the item.
 * init() reads the config each time, so switching modes between runs is just re-configure + init.
 */
import './env';

import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { makeTempDir } from './env';

export type BinaryMode = 'default' | 'filesystem';

let current: { mode: BinaryMode; storagePath: string } | undefined;

export async function configureBinaryData(mode: BinaryMode): Promise<{ mode: BinaryMode; storagePath: string }> {
	if (current?.mode === mode) return current;
	const storagePath = current?.storagePath ?? makeTempDir('binary');
	const config = Container.get(BinaryDataConfig);
	config.mode = mode;
	config.localStoragePath = storagePath;
	await Container.get(BinaryDataService).init();
	current = { mode, storagePath };
	return current;
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

/** Forget the configuration (after its storage dir was deleted); the next run re-inits. */
export function resetBinaryData(): void {
	current = undefined;
}
