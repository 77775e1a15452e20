// n8n 1.123.81 on Node 20, filesystem binary mode: images stored as files under the user folder.
require('./examples.shared').describeExamples({ n8n: 1, binaryMode: 'filesystem' });
