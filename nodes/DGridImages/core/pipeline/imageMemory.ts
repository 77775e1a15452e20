/**
 * Gives a large image's memory back as soon as n8n has stored it.
 *
 * Once `prepareBinaryData` has resolved, n8n holds the image elsewhere (a file, object storage,
 * or its own base64 copy in the item) and the node's Buffer is garbage. The JavaScript engine
 * frees such memory only at its next full collection, which it starts after some 64 MB of it
 * have piled up: eight large images read in turn stayed in memory together. Transferring the
 * memory out (ArrayBuffer.prototype.transfer, Node 21+) frees it at once. On Node 20 the engine
 * frees it later, as before.
 */

/** Smaller images are not worth it (and small Buffers may share Node's pool with other data). */
const FREE_FROM_BYTES = 1024 * 1024;

type TransferableMemory = ArrayBuffer & { transfer?: (newLength?: number) => ArrayBuffer };

/**
 * Frees the memory behind stored images. Call it only after every image of the item was
 * handed to n8n: two images may share one piece of memory.
 */
export function freeStoredImages(images: ReadonlyArray<Buffer | undefined>): void {
	const freed = new Set<ArrayBufferLike>();
	for (const image of images) {
		const memory = image?.buffer as TransferableMemory | undefined;
		if (!memory || freed.has(memory) || memory.byteLength < FREE_FROM_BYTES) continue;
		if (typeof memory.transfer !== 'function') return;
		freed.add(memory);
		memory.transfer(0);
	}
}
