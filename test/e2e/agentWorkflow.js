'use strict';
// The workflow a person builds to chat with an agent that draws: a trigger (Webhook for scripted
// runs, Chat Trigger for the editor's chat panel) → AI Agent, with n8n's OpenAI Chat Model (its
// base URL a scripted LLM on loopback) and DGrid Images as the agent's tool.
const { EXAMPLE_CREDENTIAL } = require('../../scripts/lib/examples');

const LLM_CREDENTIAL = {
	id: 'scriptedLlmCred1',
	name: 'Scripted LLM (loopback)',
	type: 'openAiApi',
};
const TOOL_NODE = 'DGrid Images';
const AGENT_NODE = 'AI Agent';

/** The OpenAI credential pointing n8n's chat model at the scripted LLM. */
const llmCredential = (llm) => ({
	...LLM_CREDENTIAL,
	data: { apiKey: 'sk-scripted-llm', url: llm.baseUrl },
});

/**
 * @param {object} o
 * @param {string} o.id workflow id (<= 21 chars)
 * @param {number} o.agentVersion the AI Agent's version (the newest the n8n has: 3.1 in 2.x, 3 in 1.x)
 * @param {'webhook'|'chat'} [o.trigger]
 * @param {string} [o.path] the webhook's path
 * @param {object} [o.toolOptions] the DGrid tool's Options
 */
function agentWorkflow({
	id,
	agentVersion,
	trigger = 'webhook',
	path = `agent-${id}`,
	toolOptions = {},
}) {
	const triggerNode =
		trigger === 'webhook'
			? {
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId: `${id}-hook`,
					parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
				}
			: {
					name: 'When chat message received',
					type: '@n8n/n8n-nodes-langchain.chatTrigger',
					typeVersion: 1.1,
					webhookId: `${id}-chat`,
					parameters: { options: {} },
				};
	const prompt =
		trigger === 'webhook' ? { promptType: 'define', text: '={{ $json.body.message }}' } : {};
	const nodes = [
		{ id: `${id}-trigger`, position: [0, 0], ...triggerNode },
		{
			id: `${id}-agent`,
			name: AGENT_NODE,
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: agentVersion,
			position: [260, 0],
			parameters: { ...prompt, options: {} },
		},
		{
			id: `${id}-llm`,
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [180, 220],
			// The scripted LLM plays Chat Completions: the Responses API (1.3's default) is turned off.
			parameters: {
				model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
				responsesApiEnabled: false,
				options: {},
			},
			credentials: { openAiApi: { id: LLM_CREDENTIAL.id, name: LLM_CREDENTIAL.name } },
		},
		{
			id: `${id}-tool`,
			name: TOOL_NODE,
			type: 'n8n-nodes-dgrid.dgridImagesTool',
			typeVersion: 3,
			position: [400, 220],
			parameters: {
				operation: 'generate',
				model: { __rl: true, mode: 'id', value: 'gpt-image-1' },
				prompt: "={{ $fromAI('prompt', 'What the image should show, in detail', 'string') }}",
				options: toolOptions,
			},
			credentials: { dgridApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name } },
		},
	];
	return {
		id,
		name: `Agent draws (${id})`,
		active: trigger === 'webhook',
		nodes,
		connections: {
			[triggerNode.name]: { main: [[{ node: AGENT_NODE, type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: AGENT_NODE, type: 'ai_languageModel', index: 0 }]],
			},
			[TOOL_NODE]: { ai_tool: [[{ node: AGENT_NODE, type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The newest AI Agent version of a pinned n8n. */
const agentVersionFor = (runtime) => (runtime.major >= 2 ? 3.1 : 3);

module.exports = { agentWorkflow, agentVersionFor, llmCredential, TOOL_NODE, AGENT_NODE };
