import { chat } from './chat.operation';
import { edit } from './edit.operation';
import { geminiGenerateContent } from './geminiGenerateContent.operation';
import { generate } from './generate.operation';
import type { DGridOperation, OperationValue } from './operation';
import { qwenEdit } from './qwenEdit.operation';
import { qwenGenerate } from './qwenGenerate.operation';

/**
 * The implemented operations, by `operation` value. An operation listed in the picker but
 * missing here is rejected by the router with a clear error instead of doing nothing.
 */
export const OPERATIONS: Partial<Record<OperationValue, DGridOperation>> = {
	generate: generate,
	edit: edit,
	qwenGenerate: qwenGenerate,
	qwenEdit: qwenEdit,
	geminiGenerateContent: geminiGenerateContent,
	chat: chat,
};
