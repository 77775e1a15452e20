// Once per run, before the test files start (in parallel): the n8n runtime, the build, the
// packed tarball and the compiled test gateway, so no two workers build the same thing.
const { ensureGatewayBuilt } = require('../../scripts/lib/gateway');
const { preparePackage } = require('../../scripts/lib/setup');

module.exports = async () => {
	const log = (line) => process.stdout.write(`${line}\n`);
	const { runtime, tarball } = await preparePackage({ log });
	await ensureGatewayBuilt({ log });
	// Inherited by the test workers, which jest starts after this.
	process.env.DGRID_E2E_TARBALL = tarball;
	process.env.DGRID_E2E_N8N_VERSION = runtime.n8nVersion;
};
