'use strict';
// Reading n8n's execution data (IRun, as printed by `n8n execute`) and printing tables.

/** Items a node put on each of its outputs in its last run: [[items of output 0], …]. */
function nodeOutputs(run, nodeName) {
	const tasks = run?.data?.resultData?.runData?.[nodeName];
	if (!tasks || tasks.length === 0) return undefined;
	return tasks[tasks.length - 1].data?.main ?? [];
}

/** The error a node's last run ended with (NodeApiError/NodeOperationError as serialized). */
function nodeError(run, nodeName) {
	const tasks = run?.data?.resultData?.runData?.[nodeName];
	return tasks?.[tasks.length - 1]?.error;
}

/** Items that left DGrid nodes on their error output ("On Error: Continue (using error output)"). */
function failedItems(run, workflow) {
	return workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-dgrid.dgridImages')
		.flatMap((node) =>
			(nodeOutputs(run, node.name)?.[1] ?? []).map((item) => ({ node: node.name, item })),
		);
}

function formatBytes(n) {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
	return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** A plain-text table: columns [{title, align?: 'right'}], rows of strings. */
function table(columns, rows) {
	const widths = columns.map((column, i) =>
		Math.max(column.title.length, ...rows.map((row) => String(row[i]).length)),
	);
	const line = (cells) =>
		cells
			.map((cell, i) =>
				columns[i].align === 'right'
					? String(cell).padStart(widths[i])
					: String(cell).padEnd(widths[i]),
			)
			.join('  ')
			.trimEnd();
	return [
		line(columns.map((c) => c.title)),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.map(line),
	].join('\n');
}

module.exports = { nodeOutputs, nodeError, failedItems, formatBytes, table };
