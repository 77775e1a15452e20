// What a user does in n8n's editor, in n8n 2.41's own terms (its data-test-id attributes, which
// n8n keeps for its own end-to-end tests). Every wait is bounded by playwright's timeouts.

const byTestId = (id) => `[data-test-id="${id}"]`;

async function logIn(page, url, { email, password }) {
	await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded' });
	await page.getByLabel(/email/i).first().fill(email);
	await page
		.getByLabel(/password/i)
		.first()
		.fill(password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((address) => !address.pathname.startsWith('/signin'));
}

/** An empty workflow; resolves once the canvas can take a first node. */
async function newWorkflow(page, url) {
	await page.goto(`${url}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.locator(byTestId('canvas-plus-button')).waitFor();
}

const searchBar = (page) => page.locator(byTestId('node-creator-search-bar'));

/**
 * Types into the nodes panel's search and returns the names it lists once `expected` shows up
 * (the list re-renders as the query changes), or what it lists after `timeoutMs` without it.
 */
async function searchNodes(page, text, expected, timeoutMs = 10000) {
	await searchBar(page).fill(text);
	const deadline = Date.now() + timeoutMs;
	let names = [];
	do {
		await page.waitForTimeout(200);
		names = await listedNodeNames(page);
	} while (!names.includes(expected) && Date.now() < deadline);
	return names;
}

async function listedNodeNames(page) {
	return await page
		.locator(`${byTestId('node-creator')} ${byTestId('node-creator-item-name')}`)
		.evaluateAll((elements) =>
			elements
				.filter((element) => element.offsetParent !== null)
				.map((element) => element.textContent.trim()),
		);
}

/** The trigger panel of an empty workflow ("What triggers this workflow?"). */
async function openTriggerPanel(page) {
	await page.locator(byTestId('canvas-plus-button')).click();
	await searchBar(page).waitFor();
}

/** Adds n8n's Manual Trigger through the trigger panel. */
async function addManualTrigger(page) {
	await openTriggerPanel(page);
	await searchNodes(page, 'Manual Trigger', 'Manual Trigger');
	await clickPanelItem(page, 'Manual Trigger');
	await page.locator(byTestId('canvas-handle-plus')).first().waitFor();
}

/** The "What happens next?" panel, opened from the last node's output (+). */
async function openNextStepPanel(page) {
	await page.locator(byTestId('canvas-handle-plus')).last().click();
	await searchBar(page).waitFor();
}

/** Clicks an entry (node, category or action) of the nodes panel by its exact name. */
async function clickPanelItem(page, name) {
	await page.locator(byTestId('node-creator')).getByText(name, { exact: true }).first().click();
}

async function closePanel(page) {
	await page.keyboard.press('Escape');
	await page.locator(byTestId('node-creator')).waitFor({ state: 'hidden' });
}

/** The actions the panel lists for a node, after clicking the node ("Actions (6)"). */
async function listedActions(page) {
	await page
		.locator(byTestId('node-creator-category-item'))
		.filter({ hasText: /^Actions/ })
		.first()
		.waitFor();
	return await listedNodeNames(page);
}

const ndv = (page) => page.locator(byTestId('ndv'));

/** Names of the parameters the open node shows (their labels' `for`), sorted; not the operation. */
async function labelledParameters(page) {
	const parameters = page.locator(`${byTestId('ndv')} ${byTestId('node-parameters')} label[for]`);
	const names = await parameters.evaluateAll((labels) =>
		labels.filter((label) => label.offsetParent !== null).map((label) => label.getAttribute('for')),
	);
	// The operation picker is labelled only at times; the operation is checked on its own.
	return [...new Set(names)].filter((name) => name !== 'operation').sort();
}

async function selectOperation(page, name) {
	await page.locator(byTestId('parameter-input-operation')).click();
	await page
		.getByRole('option')
		.filter({ hasText: new RegExp(`^${name}`) })
		.first()
		.click();
	await page
		.locator(`${byTestId('parameter-input-operation')} input`)
		.first()
		.waitFor();
	// The parameters re-render for the new operation.
	await page.waitForFunction(
		({ selector, expected }) => document.querySelector(selector)?.value === expected,
		{ selector: `${byTestId('parameter-input-operation')} input`, expected: name },
	);
}

const modelInput = (page) => page.locator(`${byTestId('ndv')} ${byTestId('rlc-input')}`);

async function shownModel(page) {
	return await modelInput(page).inputValue();
}

/** Opens the model picker in list mode; returns the model ids it lists. */
async function openModelPicker(page) {
	const mode = page.locator(`${byTestId('ndv')} ${byTestId('rlc-mode-selector')} input`);
	if (!/list/i.test(await mode.inputValue())) {
		await page.locator(byTestId('rlc-mode-selector')).click();
		await page.getByRole('option', { name: /from list/i }).click();
	}
	await modelInput(page).click();
	const items = page.locator(byTestId('rlc-item'));
	await items.first().waitFor();
	return (await items.allInnerTexts()).map((text) => text.trim());
}

async function pickModel(page, model) {
	await page.locator(byTestId('rlc-item')).filter({ hasText: model }).first().click();
	await page.locator(byTestId('rlc-item')).first().waitFor({ state: 'hidden' });
}

/** The whole credential modal (header with Save and close, and the connection form). */
const credentialDialog = (page) => page.locator(byTestId('editCredential-modal'));

/** n8n's connection test request, which the dialog sends on opening and after each save. */
const credentialTestResponse = (page) =>
	page.waitForResponse(
		(response) =>
			response.url().endsWith('/rest/credentials/test') && response.request().method() === 'POST',
	);

/** Opens the node's credential; resolves the result of the connection test n8n runs on opening. */
async function openCredentialDialog(page) {
	const tested = credentialTestResponse(page);
	await page.locator(`${byTestId('ndv')} ${byTestId('credential-edit-button')}`).click();
	await credentialDialog(page).waitFor();
	return await credentialTestResult(page, await tested);
}

/** Saves the open credential with new field values; resolves the connection test's result. */
async function saveCredential(page, fields) {
	const dialog = credentialDialog(page);
	for (const [name, value] of Object.entries(fields)) {
		await dialog.locator(`${byTestId(`parameter-input-${name}`)} input`).fill(value);
	}
	const tested = credentialTestResponse(page);
	await dialog.getByRole('button', { name: 'Save', exact: true }).click();
	return await credentialTestResult(page, await tested);
}

/**
 * {ok, text}: what the dialog shows for the test n8n answered with `response` — the banner,
 * and for a failure the reason behind "More details" (n8n's message, e.g. a credential rule's).
 */
async function credentialTestResult(page, response) {
	const { data } = await response.json();
	const dialog = credentialDialog(page);
	const form = dialog.locator(byTestId('node-credentials-config-container'));
	if (data.status === 'OK') {
		await dialog.getByText('Connection tested successfully').waitFor();
		return { ok: true, text: 'Connection tested successfully' };
	}
	await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
	const details = dialog.getByText('More details', { exact: true });
	if (await details.isVisible()) await details.click();
	await form.getByText(data.message, { exact: false }).first().waitFor();
	return { ok: false, text: await form.innerText() };
}

async function closeCredentialDialog(page) {
	await credentialDialog(page).getByRole('button', { name: 'Close this dialog' }).click();
	await credentialDialog(page).waitFor({ state: 'hidden' });
}

async function fillPrompt(page, text) {
	await page.locator(`${byTestId('parameter-input-prompt')} textarea`).fill(text);
}

/** "Execute step" in the open node; resolves when the first output item's binary is listed. */
async function executeStepWithBinary(page) {
	await page.locator(`${byTestId('ndv')} ${byTestId('node-execute-button')}`).click();
	await page.locator(byTestId('ndv-binary-data_0')).waitFor({ timeout: 60000 });
}

/** Opens the first binary's preview; resolves the <img> once it has loaded, with its size. */
async function viewFirstBinary(page) {
	await page.locator(byTestId('ndv-view-binary-data')).first().click();
	const image = page.locator(`${byTestId('ndv-data-container')} img[src*="/rest/binary-data"]`);
	await image.waitFor();
	await page.waitForFunction(
		(element) => element.complete && element.naturalWidth > 0,
		await image.elementHandle(),
	);
	return await image.evaluate((element) => ({
		width: element.naturalWidth,
		height: element.naturalHeight,
	}));
}

async function closeNode(page) {
	await page.locator(byTestId('ndv-close-button')).click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** Deletes a node from the canvas with its toolbar's delete button. */
async function deleteNode(page, name) {
	const node = page.locator(byTestId('canvas-node')).filter({ hasText: name }).first();
	await node.hover();
	await node.locator(byTestId('delete-node-button')).click();
	await node.waitFor({ state: 'detached' });
}

async function shownOperation(page) {
	return await page
		.locator(`${byTestId('ndv')} ${byTestId('parameter-input-operation')} input`)
		.first()
		.inputValue();
}

/** Opens a node on the canvas by its displayed name. */
async function openNode(page, name) {
	await page.locator(byTestId('canvas-node')).filter({ hasText: name }).first().dblclick();
	await ndv(page).waitFor();
}

/** The text of each canvas node (name and subtitle). */
async function canvasNodeTexts(page) {
	return (await page.locator(byTestId('canvas-node')).allInnerTexts()).map((text) =>
		text.replace(/\s+/g, ' ').trim(),
	);
}

/** The field names the input panel's Schema view lists (for a preview: before any run). */
async function inputSchemaFields(page) {
	const panel = page.locator(byTestId('ndv-input-panel'));
	await panel.getByText('Preview', { exact: true }).first().waitFor();
	// The schema view renders only the rows in sight: scroll through it (bounded) and collect them.
	const lines = new Set();
	for (let step = 0; step < 20; step++) {
		for (const line of (await panel.innerText()).split('\n')) lines.add(line.trim());
		const moved = await panel.evaluate((element) => {
			const scroller = [...element.querySelectorAll('*')].find(
				(node) =>
					node.scrollHeight > node.clientHeight + 4 &&
					getComputedStyle(node).overflowY !== 'visible',
			);
			if (!scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1)
				return false;
			scroller.scrollTop += scroller.clientHeight / 2;
			return true;
		});
		if (!moved) break;
		await page.waitForTimeout(150);
	}
	await panel.evaluate((element) =>
		element.querySelectorAll('*').forEach((node) => (node.scrollTop = 0)),
	);
	return [...lines];
}

/** A saved workflow on the canvas. */
async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.locator(byTestId('canvas-node')).first().waitFor();
}

/** Opens the chat panel of a workflow with a Chat Trigger and sends one message. */
async function sendChatMessage(page, text) {
	const input = page.locator(`${byTestId('canvas-chat')} textarea`).first();
	if (!(await input.isVisible())) await page.locator(byTestId('workflow-chat-button')).click();
	await input.fill(text);
	await input.press('Enter');
}

/** The first image shown in the chat panel once it has loaded: its address and natural size. */
async function chatImage(page, timeoutMs = 60000) {
	const image = page.locator(`${byTestId('canvas-chat')} img`).first();
	await image.waitFor({ timeout: timeoutMs });
	await page.waitForFunction(
		(element) => element.complete && element.naturalWidth > 0,
		await image.elementHandle(),
		{ timeout: timeoutMs },
	);
	return await image.evaluate((element) => ({
		src: element.src,
		width: element.naturalWidth,
		height: element.naturalHeight,
	}));
}

/** Selects a node's entry in the logs panel; resolves the text of its details header ("Success in 84ms 1,065 Tokens"). */
async function logsEntryHeader(page, name) {
	await page
		.locator(byTestId('logs-overview-body'))
		.getByText(name, { exact: true })
		.last()
		.click();
	const header = page
		.locator(`${byTestId('logs-panel')} header`)
		.filter({ hasText: name })
		.last();
	await header.waitFor();
	return (await header.textContent()).replace(/\s+/g, ' ').trim();
}

/** Closes n8n's toasts ("Workflow executed successfully"…), so they cover nothing in a screenshot. */
async function dismissToasts(page) {
	const close = page.locator('.el-notification .el-notification__closeBtn');
	for (let count = await close.count(); count > 0; count = await close.count()) {
		await close.first().click();
		await page.waitForTimeout(300);
	}
}

module.exports = {
	byTestId,
	logIn,
	newWorkflow,
	searchNodes,
	listedNodeNames,
	openTriggerPanel,
	addManualTrigger,
	openNextStepPanel,
	clickPanelItem,
	closePanel,
	listedActions,
	ndv,
	labelledParameters,
	selectOperation,
	shownModel,
	openModelPicker,
	pickModel,
	credentialDialog,
	openCredentialDialog,
	saveCredential,
	credentialTestResult,
	closeCredentialDialog,
	fillPrompt,
	executeStepWithBinary,
	viewFirstBinary,
	closeNode,
	deleteNode,
	shownOperation,
	openNode,
	canvasNodeTexts,
	inputSchemaFields,
	openWorkflow,
	sendChatMessage,
	chatImage,
	logsEntryHeader,
	dismissToasts,
};
