import { chat } from './chat/chat.operation';
import type { DGridOperation, OperationValue } from './core/operation';
import { geminiGenerateContent } from './gemini/generateContent.operation';
import { edit } from './openAiImages/edit.operation';
import { generate } from './openAiImages/generate.operation';
import { qwenEdit } from './qwen/edit.operation';
import { qwenGenerate } from './qwen/generate.operation';

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
