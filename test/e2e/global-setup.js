// Once per run, before the test files start (in parallel): the n8n runtimes (n8n 2.x and 1.x),
// the build, the packed tarball and the compiled test gateway, so no two workers build the
// same thing.
const { ensureGatewayBuilt } = require('../../scripts/lib/gateway');
const { allRuntimes } = require('../../scripts/lib/runtimes');
const { preparePackage } = require('../../scripts/lib/setup');

module.exports = async () => {
	const log = (line) => process.stdout.write(`${line}\n`);
	const { tarball } = await preparePackage({ log, runtimes: allRuntimes() });
	await ensureGatewayBuilt({ log });
	// Inherited by the test workers, which jest starts after this.
	process.env.DGRID_E2E_TARBALL = tarball;
};
