// Copies the node and credential icons (and the codex JSON) next to the compiled
// JavaScript in dist/, where n8n resolves `icon: 'file:…'` relative to the .js file.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
