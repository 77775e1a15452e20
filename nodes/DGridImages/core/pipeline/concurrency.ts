/**
 * Runs `task` for indexes 0..count-1 with at most `limit` running at once and resolves with
 * the results in index order. The first failure rejects; tasks already started finish.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	const workers = Array.from({ length: Math.min(limit, count) }, worker);
	await Promise.all(workers);
	return results;
}
