// n8n 1.123.81 on Node 20, in-memory binary mode (1.x's own default): images travel as base64 in the items.
require('./examples.shared').describeExamples({ n8n: 1, binaryMode: 'default' });
