import type { IDataObject, INode } from 'n8n-workflow';

import type { ImageLink } from './imageLinks';
import { linkJson } from './imageLinks';
import { excerpt } from '../../shared/text';

/**
 * Whether n8n runs the node as an AI Agent's tool: the tool variant n8n makes of a node that is
 * `usableAsTool` has the node's type with "Tool" appended (dgridImages → dgridImagesTool).
 */
export const runsAsAgentTool = (node: INode) => node.type.endsWith('Tool');

/** What the tool tells the model it returns (the tool variant's description). */
export const AGENT_TOOL_DESCRIPTION =
	'Makes or edits an image with DGrid and stores it in n8n. Returns, for each image, a link anyone can open for a limited time ("imageLink"), a ready markdown image ("markdown": show it to the user as it is to display the picture) and a short description of what was made. Returns no image data itself.';

// The agent reads every character the tool returns: texts are cut (to these lengths and an
// ellipsis), never the link.
const TEXT_LIMIT = 299;
const ALT_LIMIT = 79;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Markdown alt text must not close the brackets it sits in. */
const altText = (prompt: unknown) =>
	(typeof prompt === 'string' && excerpt(oneLine(prompt).replace(/[[\]()]/g, ''), ALT_LIMIT)) ||
	'image';

export interface AgentImage {
	/** "Generate with gpt-image-1: PNG 1024x1024, 1.2 MB". */
	made: string;
	link?: ImageLink;
	prompt?: unknown;
	/** The prompt as the model rewrote it, or the text it answered beside the image. */
	revisedPrompt?: unknown;
	text?: unknown;
}

/** One image as the agent sees it: a few hundred characters, never image data. */
export function agentImageJson({
	made,
	link,
	prompt,
	revisedPrompt,
	text,
}: AgentImage): IDataObject {
	const json: IDataObject = {};
	if (link && 'url' in link) json.markdown = `![${altText(prompt)}](${link.url})`;
	if (link) Object.assign(json, linkJson(link));
	json.made = made;
	if (typeof revisedPrompt === 'string' && revisedPrompt.trim())
		json.revisedPrompt = excerpt(oneLine(revisedPrompt), TEXT_LIMIT);
	if (typeof text === 'string' && text.trim()) json.text = excerpt(oneLine(text), TEXT_LIMIT);
	return json;
}
