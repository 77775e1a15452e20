#!/usr/bin/env node
// Test layer 4: what npm would publish. Packs the package, checks the tarball holds the
// compiled node, credential, icons, codex and output schemas (and nothing from test/ or the sources), then
// runs n8n's own community-package scanner on the unpacked tarball, as n8n does before it
// verifies a package.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const failures = [];
const check = (ok, message) => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
	if (!ok) failures.push(message);
};

if (!fs.existsSync(path.join(root, 'dist/nodes/DGridImages/DgridImages.node.js'))) {
	console.error('dist/ is missing: run `npm run build` first.');
	process.exit(1);
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgrid-pack-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	)[0];
	const files = packed.files.map((file) => file.path);
	console.log(`packed ${packed.filename}: ${files.length} files, ${packed.size} bytes`);

	const required = [
		'package.json',
		'LICENSE',
		'README.md',
		'dist/credentials/DGridApi.credentials.js',
		'dist/credentials/dgrid.svg',
		'dist/credentials/dgrid.dark.svg',
		'dist/nodes/DGridImages/DgridImages.node.js',
		'dist/nodes/DGridImages/DgridImages.node.json',
		'dist/nodes/DGridImages/dgrid.svg',
		'dist/nodes/DGridImages/dgrid.dark.svg',
		// Output schemas: the editor's Schema view of the next node before the first run.
		...['v1.0.0', 'v2.0.0'].flatMap((version) =>
			['generate', 'edit', 'qwenGenerate', 'qwenEdit', 'geminiGenerateContent', 'chat'].map(
				(operation) => `dist/nodes/DGridImages/__schema__/${version}/${operation}.json`,
			),
		),
	];
	for (const file of required) check(files.includes(file), `tarball contains ${file}`);
	const stray = files.filter(
		(file) =>
			!['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md'].includes(file) &&
			!file.startsWith('dist/'),
	);
	check(
		stray.length === 0,
		`tarball holds nothing outside dist/ but package files${stray.length ? `: ${stray.join(', ')}` : ''}`,
	);
	const testish = files.filter(
		(file) => /(^|\/)(test|tests|__tests__)\/|\.test\.|\.ts$/.test(file) && !file.endsWith('.d.ts'),
	);
	check(
		testish.length === 0,
		`tarball holds no tests or TypeScript sources${testish.length ? `: ${testish.join(', ')}` : ''}`,
	);

	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	check(
		Object.keys(manifest.dependencies ?? {}).length === 0,
		'package.json has no runtime dependencies',
	);
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		check(files.includes(entry), `n8n entry ${entry} is in the tarball`);
	}

	const unpackDir = path.join(workDir, 'unpacked');
	fs.mkdirSync(unpackDir);
	execFileSync('tar', ['-xzf', path.join(workDir, packed.filename), '-C', unpackDir]);
	// The scanner's two legs, as for a published package: the TypeScript sources with the
	// full rule set, and the compiled JavaScript that is actually shipped.
	const legs = [
		['sources', root, SOURCE_FILE_PATTERNS],
		['tarball', path.join(unpackDir, 'package'), ['**/*.js', 'package.json']],
	];
	for (const [leg, dir, patterns] of legs) {
		const scan = await analyzePackage(dir, patterns);
		check(
			scan.passed,
			`n8n community package scanner (${leg}): ${scan.passed ? 'passed' : scan.message}`,
		);
		if (!scan.passed && scan.details) console.log(scan.details);
	}
} finally {
	fs.rmSync(workDir, { recursive: true, force: true });
}

if (failures.length > 0) {
	console.error(`\n${failures.length} package check(s) failed.`);
	process.exit(1);
}
console.log('\nPackage checks passed.');
