// CRC-32 (IEEE 802.3, the polynomial PNG chunks use). Table built once on first use.
let table: Uint32Array | undefined;

function buildTable(): Uint32Array {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
}

export function crc32(...parts: Buffer[]): number {
	table ??= buildTable();
	let c = 0xffffffff;
	for (const buf of parts) {
		for (let i = 0; i < buf.length; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	}
	return (c ^ 0xffffffff) >>> 0;
}
