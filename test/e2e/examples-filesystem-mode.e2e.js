// n8n 2.x's own default binary mode outside queue mode: images stored as files under the user folder.
require('./examples.shared').describeExamples('filesystem');
