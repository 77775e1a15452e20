import { freeStoredImages } from '../../../nodes/DGridImages/core/pipeline/imageMemory';

const MIB = 1024 * 1024;

/**
 * A Buffer over memory whose `transfer` is recorded. (Node 21+ has ArrayBuffer.prototype.transfer;
 * the tests run on Node 20 too, so the method is given to each piece of memory here.)
 */
function imageOver(bytes: number, transfers: ArrayBuffer[]): Buffer {
	const memory = new ArrayBuffer(bytes);
	Object.defineProperty(memory, 'transfer', {
		value(this: ArrayBuffer, newLength?: number) {
			expect(newLength).toBe(0);
			transfers.push(this);
			return new ArrayBuffer(0);
		},
	});
	return Buffer.from(memory);
}

describe('freeing stored images', () => {
	it('frees the memory of each large image once, even when two images share it', () => {
		const transfers: ArrayBuffer[] = [];
		const first = imageOver(2 * MIB, transfers);
		const second = imageOver(3 * MIB, transfers);
		const view = first.subarray(MIB);
		freeStoredImages([first, undefined, second, view]);
		expect(transfers).toEqual([first.buffer, second.buffer]);
	});

	it('leaves small images alone: small Buffers may share memory with other data', () => {
		const transfers: ArrayBuffer[] = [];
		freeStoredImages([imageOver(MIB - 1, transfers), Buffer.from('tiny')]);
		expect(transfers).toEqual([]);
	});

	it('does nothing where the runtime cannot transfer memory (Node 20)', () => {
		const image = Buffer.from(new ArrayBuffer(2 * MIB));
		const memory = image.buffer as ArrayBuffer & { transfer?: unknown };
		if (typeof memory.transfer === 'function')
			Object.defineProperty(memory, 'transfer', { value: undefined });
		expect(() => freeStoredImages([image])).not.toThrow();
		expect(image.length).toBe(2 * MIB);
	});
});
