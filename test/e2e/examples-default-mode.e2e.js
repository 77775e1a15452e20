// n8n's in-memory binary mode (N8N_DEFAULT_BINARY_DATA_MODE=default): images travel as base64 in the items.
require('./examples.shared').describeExamples('default');
