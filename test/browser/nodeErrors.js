// Errors the page reports while the test drives it, split into those that come from our node
// (its icons, schemas, parameter requests, or any message naming it) and everything else.
// n8n's editor also asks registry.npmjs.org about the installed package; on a machine without
// internet that fails with a console error naming the package — that one is n8n's, not ours.

const OUR_NAMES = /dgrid/i;

function watchNodeErrors(page, editorUrl) {
	const editorOrigin = new URL(editorUrl).origin;
	const fromNode = [];
	const other = [];
	const onEditor = (url) => !url || url.startsWith(editorOrigin);
	const record = (entry) => {
		if (
			OUR_NAMES.test(`${entry.text} ${entry.url ?? ''} ${entry.body ?? ''}`) &&
			onEditor(entry.url)
		)
			fromNode.push(entry);
		else other.push(entry);
	};

	page.on('console', (message) => {
		if (message.type() === 'error')
			record({ kind: 'console', text: message.text(), url: message.location()?.url });
	});
	page.on('pageerror', (error) =>
		record({ kind: 'page error', text: `${error.message}\n${error.stack ?? ''}` }),
	);
	page.on('response', (response) => {
		if (response.status() < 400) return;
		const request = response.request();
		record({
			kind: `HTTP ${response.status()}`,
			text: `${request.method()} ${response.url()}`,
			url: response.url(),
			body: request.postData() ?? '',
		});
	});
	page.on('requestfailed', (request) => {
		// Requests cut short by a page change are the browser's doing, not a failure.
		if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
		record({
			kind: 'request failed',
			text: `${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
			url: request.url(),
			body: request.postData() ?? '',
		});
	});
	return { fromNode, other };
}

module.exports = { watchNodeErrors };
