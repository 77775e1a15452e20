// n8n 2.41.1 on Node 24, filesystem binary mode (2.x's own default outside queue mode): images stored as files under the user folder.
require('./examples.shared').describeExamples({ n8n: 2, binaryMode: 'filesystem' });
