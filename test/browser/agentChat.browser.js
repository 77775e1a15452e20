// A person chats with an n8n AI Agent whose tool is DGrid Images, in the real editor: Chat
// Trigger → AI Agent with n8n's OpenAI Chat Model (base URL: a scripted LLM on loopback) and the
// DGrid tool. The chat panel must show the picture itself, loaded through the link the tool gave
// the agent, and the logs must count the tool's tokens. Screenshot: agent-chat.png.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const { ensureGatewayBuilt } = require('../../scripts/lib/gateway');
const { agentWorkflow, llmCredential, TOOL_NODE } = require('../e2e/agentWorkflow');
const { launchChromium } = require('./chromium');
const { startEditor } = require('./editor');
const page$ = require('./editorPage');
const { screenshot } = require('./screenshots');

const workflow = agentWorkflow({ id: 'agentChatPanel', agentVersion: 3.1, trigger: 'chat' });

let llm;
let editor;
let browser;
let page;
let profileDir;

beforeAll(async () => {
	const { startScriptedLlm } = require(await ensureGatewayBuilt());
	llm = await startScriptedLlm();
	editor = await startEditor({
		workflows: [workflow],
		extraCredentials: () => [llmCredential(llm)],
	});
	profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgrid-chromium-agent-'));
	browser = await launchChromium(profileDir);
	page = browser.page;
	page.setDefaultTimeout(30000);
	// Room for the chat panel and the logs under the canvas.
	await page.setViewportSize({ width: 1280, height: 960 });
}, 600000);

afterAll(async () => {
	try {
		await browser?.context.close();
	} finally {
		await editor?.stop();
		await llm?.close();
		if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
	}
}, 60000);

test('asked for a picture in the chat panel, the agent shows the picture', async () => {
	await page$.logIn(page, editor.url, editor.owner);
	await page$.openWorkflow(page, editor.url, workflow.id);
	await page$.sendChatMessage(page, 'Draw a red fox in snow, watercolor');
	const image = await page$.chatImage(page);
	const produced = editor.gateway.produced.at(-1);
	expect(image).toEqual({
		src: expect.stringMatching(/\/rest\/binary-data\/signed\?token=/),
		width: produced.width,
		height: produced.height,
	});
	// The model called the tool once and then answered.
	expect(llm.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(2);
});

test("the logs count the tool's tokens next to it", async () => {
	const header = await page$.logsEntryHeader(page, TOOL_NODE);
	const tokens = Number(/([\d,]+) Tokens/.exec(header)?.[1].replace(/,/g, ''));
	// gpt-image-1 at the gateway: 1056 output tokens per image, plus the prompt's.
	expect(tokens).toBeGreaterThan(1056);
	await screenshot(page, 'agent-chat');
});
