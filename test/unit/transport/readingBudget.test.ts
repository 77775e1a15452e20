import {
	LARGE_ANSWER_BYTES,
	ReadingBudget,
	ReadingShare,
	UNKNOWN_ANSWER_BYTES,
} from '../../../nodes/DGridImages/transport/readingBudget';

const MIB = 1024 * 1024;

/** Which of `promises` have settled, after the microtasks ran. */
async function settled(promises: Array<Promise<unknown>>): Promise<boolean[]> {
	const state = promises.map(() => false);
	promises.forEach(
		(promise, index) =>
			void promise.then(
				() => (state[index] = true),
				() => (state[index] = true),
			),
	);
	for (let i = 0; i < 10; i++) await Promise.resolve();
	return state;
}

describe('the reading budget of one execution', () => {
	it('lets answers in while they fit, then one at a time as others finish, first come first served', async () => {
		const budget = new ReadingBudget(16 * MIB);
		const a = budget.take(6 * MIB);
		const b = budget.take(6 * MIB);
		const c = budget.take(6 * MIB); // 18 > 16: waits
		const d = budget.take(1 * MIB); // would fit, but c came first
		expect(await settled([a, b, c, d])).toEqual([true, true, false, false]);
		expect(budget.inUse).toBe(12 * MIB);
		budget.give(6 * MIB);
		expect(await settled([c, d])).toEqual([true, true]);
		expect(budget.inUse).toBe(13 * MIB);
	});

	it('reads an answer larger than the whole budget alone, then the others', async () => {
		const budget = new ReadingBudget(16 * MIB);
		const small = budget.take(2 * MIB);
		const huge = budget.take(40 * MIB);
		expect(await settled([small, huge])).toEqual([true, false]);
		budget.give(2 * MIB);
		expect(await settled([huge])).toEqual([true]);
		const next = budget.take(2 * MIB);
		expect(await settled([next])).toEqual([false]);
		budget.give(40 * MIB);
		expect(await settled([next])).toEqual([true]);
	});

	it('a stop ends a wait, and the answers behind it move up', async () => {
		const budget = new ReadingBudget(16 * MIB);
		await budget.take(10 * MIB);
		const stop = new AbortController();
		const waiting = budget.take(10 * MIB, stop.signal);
		const behind = budget.take(5 * MIB);
		expect(await settled([waiting, behind])).toEqual([false, false]);
		stop.abort();
		await expect(waiting).rejects.toThrow('The execution was stopped');
		expect(await settled([behind])).toEqual([true]);
		expect(budget.inUse).toBe(15 * MIB);
	});

	it('refuses at once after a stop', async () => {
		const budget = new ReadingBudget(16 * MIB);
		await budget.take(16 * MIB);
		const stop = new AbortController();
		stop.abort();
		await expect(budget.take(MIB, stop.signal)).rejects.toThrow('The execution was stopped');
		expect(budget.inUse).toBe(16 * MIB);
	});
});

describe("an item's share of the reading budget", () => {
	it('small answers never wait and take nothing', async () => {
		const budget = new ReadingBudget(16 * MIB);
		await budget.take(16 * MIB);
		const item = new ReadingShare(budget);
		await item.take(LARGE_ANSWER_BYTES - 1);
		expect(budget.inUse).toBe(16 * MIB);
	});

	it('an answer without a length counts as a large one', async () => {
		const budget = new ReadingBudget(16 * MIB);
		const item = new ReadingShare(budget);
		await item.take(undefined);
		expect(budget.inUse).toBe(UNKNOWN_ANSWER_BYTES);
		item.release();
		expect(budget.inUse).toBe(0);
	});

	it('an item holding a share takes more without waiting (it cannot wait for itself), and gives all back once', async () => {
		const budget = new ReadingBudget(16 * MIB);
		const item = new ReadingShare(budget);
		await item.take(12 * MIB);
		const other = new ReadingShare(budget).take(8 * MIB);
		const more = item.take(12 * MIB);
		expect(await settled([more, other])).toEqual([true, false]);
		expect(budget.inUse).toBe(24 * MIB);
		item.release();
		item.release();
		expect(await settled([other])).toEqual([true]);
		expect(budget.inUse).toBe(8 * MIB);
	});
});
