// What the editor should show, read from the built node description (dist/, what n8n loads)
// with n8n-workflow's own display rules, so the browser test follows the description instead of
// repeating it.
const path = require('node:path');

const { NodeHelpers } = require('n8n-workflow');

const { ROOT } = require('../../scripts/lib/paths');

let loaded;
/** Read on first use: the build runs in the test's set-up, after this file is loaded. */
function description() {
	if (!loaded) {
		const { DgridImages } = require(
			path.join(ROOT, 'dist', 'nodes', 'DGridImages', 'DgridImages.node.js'),
		);
		loaded = new DgridImages().description;
	}
	return loaded;
}

/** A node as the editor adds it: the last version the description lists (no defaultVersion). */
function node() {
	const { version } = description();
	return { typeVersion: Array.isArray(version) ? version[version.length - 1] : version };
}

/** The operation picker's entries: [{name, value, action}], in the editor's order. */
function operations() {
	return description().properties.find((property) => property.name === 'operation').options;
}

/** Top-level parameters n8n shows for a fresh node set to `operation` (with their defaults). */
function shownParameters(operation) {
	return NodeHelpers.getNodeParameters(
		description().properties,
		{ operation },
		true,
		false,
		node(),
		description(),
	);
}

/** The model picker (resource locator) the operation shows. */
function modelPicker(operation) {
	const values = shownParameters(operation);
	const pickers = description().properties.filter(
		(property) =>
			property.type === 'resourceLocator' &&
			NodeHelpers.displayParameter(values, property, node(), description()),
	);
	if (pickers.length !== 1)
		throw new Error(`operation ${operation} shows ${pickers.length} model pickers`);
	return pickers[0];
}

/** Parameter types the editor shows without a field label (texts, buttons, hidden values). */
const UNLABELLED = new Set(['notice', 'callout', 'hidden', 'button']);

/** Names of the parameters the editor labels for the operation (the operation itself aside). */
function labelledParameters(operation) {
	const types = new Map(description().properties.map((property) => [property.name, property.type]));
	return Object.keys(shownParameters(operation))
		.filter((name) => name !== 'operation' && !UNLABELLED.has(types.get(name)))
		.sort();
}

/**
 * The model the editor shows after switching from `from` (showing `shownModel`) to `to`: n8n
 * keeps the value of a parameter that both operations show under the same name, and gives a
 * parameter that appears anew its default.
 */
function modelAfterSwitch(from, to, shownModel) {
	const before = modelPicker(from);
	const after = modelPicker(to);
	return before.name === after.name ? shownModel : after.default.value;
}

module.exports = { operations, labelledParameters, modelPicker, modelAfterSwitch };
