/** Input binaries go through n8n-core's real BinaryDataService in both modes. */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

import {
	BINARY_ECHO_TYPE,
	binaryFilePath,
	binaryStoragePath,
	harnessTestNodeTypes,
	runWorkflow,
} from '../tools/harness';

// A PNG signature followed by random bytes: binary-safe content that would break on any text round trip.
const bytes = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	randomBytes(4096),
]);

const run = (binaryMode: 'default' | 'filesystem') =>
	runWorkflow({
		node: { type: BINARY_ECHO_TYPE, parameters: {} },
		nodeTypes: harnessTestNodeTypes(),
		binaryMode,
		input: [
			{
				json: { n: 1 },
				binary: { data: { data: bytes, mimeType: 'image/png', fileName: 'photo.png' } },
			},
			{
				json: { n: 2 },
				binary: {
					data: { data: Buffer.from('second'), mimeType: 'text/plain', fileName: 'b.txt' },
				},
			},
		],
	});

test('default mode: binaries stay base64 in the item and round-trip byte for byte', async () => {
	const result = await run('default');

	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(2);
	const [first, second] = result.items;
	expect(first.json).toEqual({
		inputBytes: bytes.length,
		inputMimeType: 'image/png',
		inputFileName: 'photo.png',
	});
	expect(first.binary?.data.id).toBeUndefined();
	expect(Buffer.from(first.binary!.data.data, 'base64').equals(bytes)).toBe(true);
	expect(first.binary?.copy.buffer.equals(bytes)).toBe(true);
	expect(first.binary?.copy).toMatchObject({ mimeType: 'image/png', fileName: 'copy-photo.png' });
	expect(second.binary?.copy.buffer.toString()).toBe('second');
	expect(second.pairedItem).toEqual({ item: 1 });
});

test('filesystem mode: binaries are files under the storage path, referenced by id', async () => {
	const result = await run('filesystem');

	expect(result.error).toBeUndefined();
	const storage = binaryStoragePath()!;
	for (const field of ['data', 'copy']) {
		const binary = result.items[0].binary![field];
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		const file = binaryFilePath(binary)!;
		expect(file.startsWith(storage)).toBe(true);
		expect(existsSync(file)).toBe(true);
		expect(readFileSync(file).equals(bytes)).toBe(true);
		expect(binary.buffer.equals(bytes)).toBe(true);
		// No base64 copy of the bytes in the item itself.
		expect(binary.data.length).toBeLessThan(64);
	}
});

test('switching modes back and forth in one file keeps working', async () => {
	for (const mode of ['filesystem', 'default', 'filesystem'] as const) {
		const result = await run(mode);
		expect(result.items[0].binary?.copy.buffer.equals(bytes)).toBe(true);
		expect(Boolean(result.items[0].binary?.copy.id)).toBe(mode === 'filesystem');
	}
});
