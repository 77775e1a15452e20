/**
 * The JSON schema of what an operation outputs, in the shape of n8n's own schema files
 * (`__schema__/v<version>/<operation>.json`: type, properties, items, required), derived from
 * real output items. n8n's editor shows it in the next node's Schema view before the first run.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface JsonSchema {
	type: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
}

const SCHEMA_ROOT = path.resolve(__dirname, '..', '..', 'nodes', 'DGridImages', '__schema__');

/**
 * Where n8n looks for the schemas of each node version (a node without resources): the editor
 * asks for `<typeVersion>.0.0`, and both versions output the same fields.
 */
export const SCHEMA_DIRS = [1, 2, 3].map((version) => path.join(SCHEMA_ROOT, `v${version}.0.0`));

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** The schema of several values of one place: their types, and for objects/arrays what they hold. */
function schemaOfValues(values: unknown[]): JsonSchema {
	const types = [...new Set(values.map(typeOf))];
	// An integer in one sample and a fraction in another is a number.
	const merged = types.includes('number') ? types.filter((type) => type !== 'integer') : types;
	const schema: JsonSchema = { type: merged.length === 1 ? merged[0] : [...merged].sort() };
	const objects = values.filter((value) => typeOf(value) === 'object') as Array<
		Record<string, unknown>
	>;
	if (objects.length > 0) Object.assign(schema, objectSchema(objects));
	const arrays = values.filter(Array.isArray) as unknown[][];
	const elements = arrays.flat();
	if (arrays.length > 0 && elements.length > 0) schema.items = schemaOfValues(elements);
	return schema;
}

/** Properties in key order; `required` lists the keys every object has. */
function objectSchema(
	objects: Array<Record<string, unknown>>,
): Pick<JsonSchema, 'properties' | 'required'> {
	const keys = [...new Set(objects.flatMap((object) => Object.keys(object)))].sort();
	const properties: Record<string, JsonSchema> = {};
	for (const key of keys) {
		properties[key] = schemaOfValues(
			objects.filter((object) => key in object).map((object) => object[key]),
		);
	}
	const required = keys.filter((key) => objects.every((object) => key in object));
	return { properties, ...(required.length > 0 ? { required } : {}) };
}

/** The schema of output items' `json`. */
export function deriveSchema(items: Array<Record<string, unknown>>): JsonSchema {
	return { type: 'object', ...objectSchema(items) };
}

/** The operation's schema in each version's folder (undefined where the file is missing). */
export function readSchemas(operation: string): unknown[] {
	return SCHEMA_DIRS.map((dir) => {
		const file = path.join(dir, `${operation}.json`);
		return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
	});
}

/** Tabs and a final newline, like the repository's other JSON. */
export function writeSchema(operation: string, schema: JsonSchema): void {
	for (const dir of SCHEMA_DIRS) {
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, `${operation}.json`),
			`${JSON.stringify(schema, null, '\t')}\n`,
		);
	}
}
