// n8n 2.41.1 on Node 24, in-memory binary mode (N8N_DEFAULT_BINARY_DATA_MODE=default): images travel as base64 in the items.
require('./examples.shared').describeExamples({ n8n: 2, binaryMode: 'default' });
