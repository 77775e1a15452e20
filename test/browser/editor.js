// The real n8n editor for the browser test: the DGrid test gateway, a throw-away n8n user folder
// with the packed package installed as a community package and a "DGrid account" credential,
// `n8n start` on a free loopback port, and an owner account to log in with.
const fs = require('node:fs');

const { startTestGateway } = require('../../scripts/lib/gateway');
const { freePort, makeTempDir, setupOwner } = require('../../scripts/lib/n8n');
const { prepareInstance } = require('../../scripts/lib/setup');

const OWNER = {
	email: 'browser-test@example.com',
	firstName: 'Browser',
	lastName: 'Test',
	password: 'BrowserTest1234',
};

/**
 * Resolves {url, owner, gateway, userFolder, stop}; `stop` ends what started, whatever failed.
 * `workflows` are imported; `extraCredentials` (gateway => credentials) too.
 */
async function startEditor({ log = () => {}, workflows = [], extraCredentials = () => [] } = {}) {
	// Images large enough to see in screenshots (the gateway's default is 64 px at most).
	const gateway = await startTestGateway({ maxImageSide: 384 });
	const userFolder = makeTempDir('dgrid-browser-n8n-');
	let n8n;
	const stop = async () => {
		await n8n?.stop();
		await gateway.close();
		if (!process.env.DGRID_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		n8n = await prepareInstance({
			userFolder,
			workDir: userFolder,
			allowedPaths: [],
			binaryMode: 'filesystem',
			port: await freePort(),
			target: { apiKey: gateway.apiKey, baseUrl: gateway.baseUrl },
			workflows,
			extraCredentials: extraCredentials(gateway),
			log,
		});
		await n8n.start();
		await setupOwner(n8n, OWNER);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url: n8n.url, owner: OWNER, gateway, userFolder, stop };
}

module.exports = { startEditor };
