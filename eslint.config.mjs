// Lint with the rules n8n applies to community packages: the recommended set of
// @n8n/eslint-plugin-community-nodes, plus the community / credentials / nodes sets of
// eslint-plugin-n8n-nodes-base scoped to the files they are written for.
import tseslint from 'typescript-eslint';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const baseRules = (name) => n8nNodesBase.configs[name].rules;

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.build/**', 'coverage/**', '.n8n-runtime/**', 'demo-output/**'] },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
	{
		...communityNodes.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: baseRules('community'),
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...baseRules('credentials'),
			// "Only applicable to nodes in the main repository" (the rule's own words): community
			// credentials link to their vendor's documentation with a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...baseRules('nodes'),
			// These two still ask for ['main']; n8n's newer community rule (node-connection-type-
			// literal) asks for NodeConnectionTypes.Main, which is what n8n itself uses now.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*', 'bench/**/*', '*.js'],
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},
];
