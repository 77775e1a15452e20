'use strict';
// The example workflows in examples/ — README material, the demo, the dev editor's content
// and the end-to-end fixtures at once. They use paths relative to n8n's working directory:
// input images from examples/input/, output to demo-output/<example>/.
const fs = require('node:fs');
const path = require('node:path');

const { EXAMPLES_DIR } = require('./paths');

/** The credential every example refers to (by id and name); the scripts import one like it. */
const EXAMPLE_CREDENTIAL = { id: 'dgridCredential1', name: 'DGrid account', type: 'dgridApi' };

const DGRID_NODE_TYPE = 'n8n-nodes-dgrid.dgridImages';
const WRITE_NODE_TYPE = 'n8n-nodes-base.readWriteFile';

function loadWorkflows(dir = EXAMPLES_DIR) {
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => ({
			file: path.join(dir, name),
			slug: name.replace(/\.json$/, ''),
			workflow: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')),
		}));
}

/** `=demo-output/01-generate/{{ … }}` → `demo-output/01-generate` (the literal folder part). */
function literalFolderOf(fileName) {
	const text = String(fileName).replace(/^=/, '');
	const literal = text.split('{{')[0];
	return path.dirname(literal.endsWith('/') ? `${literal}x` : literal);
}

/** Folders (relative to n8n's working directory) the workflow's "write file" nodes write into. */
function outputFolders(workflow) {
	return workflow.nodes
		.filter((node) => node.type === WRITE_NODE_TYPE && node.parameters.operation === 'write')
		.map((node) => literalFolderOf(node.parameters.fileName));
}

/** Files the workflow's "read file" nodes read (relative to n8n's working directory). */
function inputFiles(workflow) {
	return workflow.nodes
		.filter((node) => node.type === WRITE_NODE_TYPE && node.parameters.operation === 'read')
		.map((node) => node.parameters.fileSelector);
}

/**
 * Makes `workDir` ready for the workflows: the output folders exist and are empty (n8n's
 * write node does not create folders), and input files are present (copied from the
 * repository when `workDir` is elsewhere).
 */
function prepareWorkDir(workDir, workflows, { sourceRoot }) {
	for (const workflow of workflows) {
		for (const folder of outputFolders(workflow)) {
			const full = path.resolve(workDir, folder);
			fs.rmSync(full, { recursive: true, force: true });
			fs.mkdirSync(full, { recursive: true });
		}
		for (const file of inputFiles(workflow)) {
			const target = path.resolve(workDir, file);
			if (fs.existsSync(target)) continue;
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(path.resolve(sourceRoot, file), target);
		}
	}
}

/** Files a workflow wrote, as {folder, name, path, bytes} in name order. */
function writtenFiles(workDir, workflow) {
	return outputFolders(workflow).flatMap((folder) => {
		const full = path.resolve(workDir, folder);
		if (!fs.existsSync(full)) return [];
		return fs
			.readdirSync(full)
			.sort()
			.map((name) => ({
				folder,
				name,
				path: path.join(full, name),
				bytes: fs.readFileSync(path.join(full, name)),
			}));
	});
}

/** Top-level folders that must be writable / readable for the file nodes. */
function allowedRoots(workDir, workflows) {
	const roots = new Set();
	for (const workflow of workflows) {
		for (const p of [
			...outputFolders(workflow),
			...inputFiles(workflow).map((f) => path.dirname(f)),
		]) {
			roots.add(path.resolve(workDir, p.split(/[\\/]/)[0]));
		}
	}
	return [...roots];
}

module.exports = {
	EXAMPLE_CREDENTIAL,
	DGRID_NODE_TYPE,
	loadWorkflows,
	outputFolders,
	inputFiles,
	prepareWorkDir,
	writtenFiles,
	allowedRoots,
};
