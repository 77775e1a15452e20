// `n8n-node lint` (@n8n/node-cli) runs `eslint .` with this file. It is n8n's default config for
// community nodes, unchanged, on everything it reaches: nodes/, credentials/, package.json and the
// rest of the repository's TypeScript. What is added is for the code n8n never loads: the tests
// (with their fake DGrid gateway), the benchmarks and the scripts are Node.js programs, not node
// code run in n8n (Cloud), so the rules about n8n's sandbox and a node's shape are off there.
// The package keeps "strict": false because strict mode asks for the default file word for word.
import { config } from '@n8n/node-cli/eslint';

const notNodeCode = ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'];

export default [
	// Build and run output (n8n-node's default ignores only dist/).
	{ ignores: ['.build/', 'coverage/', '.n8n-runtime*/', 'demo-output/', '.tmp/'] },
	...config,
	{
		files: notNodeCode,
		rules: {
			// A fake HTTP gateway, n8n's engine in-process, timers, process.env, files: what tests do.
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			// The fake gateway's and the tests' made-up API keys.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			// The harness's helper nodes and the fake gateway are not nodes n8n users see.
			'@n8n/community-nodes/node-usable-as-tool': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// Command-line programs report on the console.
		files: ['bench/**/*.ts', 'scripts/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
