import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { limitHint, LIMITS, scanText, type Limit } from '../sources/limits.ts';
import { BREAK_TOKEN, placeBreaks } from './breaks.ts';
import { checkTree, type LimitProblem } from './limits.ts';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * CommonMark + GFM (tables, autolinks, strikethrough) into mdast, within the limits
 * (src/sources/limits.ts): the text is scanned before it is parsed and the tree counted
 * after, so that no text makes the parser, the numbering or a writer run long, grow
 * large or run out of stack; `{{br}}` is a line break (./breaks.ts). A text past a limit gives an empty tree whose
 * `data.limitProblem` says which (numberClauses reports it).
 */
export function parseMarkdown(markdown: string): Root {
  // The source was scanned as it was written (see read-policy.ts); what is past a limit now, its partials or a school's lists made so.
  const scanned = scanText(markdown, { templated: true, subject: 'the policy' });
  if (scanned) return refused(markdown, scanned.offset, `once its partials and the school's lists are filled in, ${scanned.message}`, scanned.limit);
  let tree: Root;
  try {
    tree = processor.parse(markdown);
  } catch (e) {
    // The scan bounds nesting well inside the stack; should anything still be too deep to parse, it is this limit's.
    if (!(e instanceof RangeError)) throw e;
    return refused(markdown, 0, 'the policy is nested too deeply to be read', LIMITS.nesting);
  }
  if (markdown.includes(BREAK_TOKEN)) placeBreaks(tree);
  const found = checkTree(tree);
  if (found) return refused(markdown, found.offset, found.message.replace(/^the text\b/, 'the policy'), found.limit);
  return tree;
}

function refused(markdown: string, offset: number, message: string, limit: Limit): Root {
  const problem: LimitProblem = { message, needle: needleAt(markdown, offset), hint: limitHint(limit) };
  return { type: 'root', children: [], data: { limitProblem: problem } };
}

/**
 * What to look for in the policy source to find the place: the offending line from the
 * offset on, up to the first value (values are tokens the source does not have); if
 * that text comes earlier too, the line from its start; else the longest part of the
 * line without a value. A line that is all values gives a needle no source holds, so
 * the problem is reported at the start of the policy.
 */
function needleAt(markdown: string, offset: number): string {
  const start = markdown.lastIndexOf('\n', offset - 1) + 1;
  let end = markdown.indexOf('\n', offset);
  if (end < 0) end = markdown.length;
  const upToValue = (from: number) => markdown.slice(from, Math.min(end, from + 200)).split(/[\uE000-\uE005]/)[0]!.trimEnd();
  const fromOffset = upToValue(offset);
  if (fromOffset.trim().length >= 3 && markdown.indexOf(fromOffset) === offset) return fromOffset;
  const fromLine = upToValue(start);
  if (fromLine.trim().length >= 3 && markdown.indexOf(fromLine) === start) return fromLine;
  if (fromOffset.trim().length >= 3) return fromOffset;
  const parts = markdown.slice(start, Math.min(end, start + 2000)).split(/[\uE000-\uE005]+/).map((p) => p.trim());
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest.length >= 3 ? longest : '\uE000';
}
