import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** CommonMark + GFM (tables, autolinks, strikethrough) into mdast. */
export function parseMarkdown(markdown: string): Root {
  return processor.parse(markdown);
}
