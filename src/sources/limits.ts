/**
 * Limits on the size and shape of what policyc reads, each sized well above any real
 * policy (a real LA policy has some 20 sections, 200 clauses and lines under 2,000
 * characters) and each checked before the work it bounds: file sizes before a file is
 * read, the text limits in one linear pass over a source before Handlebars or the
 * Markdown parser sees it (`scanText`), and the counts on the parsed tree before it is
 * numbered or written (src/document/limits.ts). Past a limit, the source gets one
 * located error that names the limit; within them, every policy builds in seconds.
 */
export interface Limit {
  /** What is limited, in a few words, as the README's table lists it. */
  readonly name: string;
  readonly value: number;
  /** What `value` counts: "characters per line". */
  readonly unit: string;
  /** What to do about it. */
  readonly advice: string;
}

const limit = (name: string, value: number, unit: string, advice: string): Limit => ({ name, value, unit, advice });

export const LIMITS = {
  configBytes: limit('size of a school config or the LA defaults', 2 * 1024 * 1024, 'bytes', 'split it into smaller files'),
  figureBytes: limit('size of a figure (an SVG or PNG in policies/figures)', 2 * 1024 * 1024, 'bytes', 'make the image smaller (a PNG at a lower resolution, an SVG simplified)'),
  policyBytes: limit('size of a policy or partial', 256 * 1024, 'bytes', 'split it into several policies'),
  templatedChars: limit('size of a policy with its partials and a school\'s lists filled in', 512 * 1024, 'characters', 'make the policy or the school\'s lists shorter'),
  lines: limit('lines in a policy or partial', 10_000, 'lines', 'split it into several policies'),
  lineLength: limit('length of a line', 10_000, 'characters per line', 'break the line into paragraphs'),
  wordLength: limit('length of a word (characters without a space)', 1_000, 'characters per word', 'put spaces in it; a long address can be a link with short text'),
  markupPerParagraph: limit('emphasis and link marks (* _ ~ ` [ ]) in one paragraph', 1_000, 'marks per paragraph', 'split the paragraph'),
  markup: limit('emphasis and link marks (* _ ~ ` [ ]) in a policy', 20_000, 'marks', 'split the policy'),
  templateNesting: limit('template blocks ({{#if}}, {{#each}} …) nested in each other', 32, 'levels', 'nest fewer blocks'),
  nesting: limit('lists and block quotes nested in each other', 5, 'levels', 'nest fewer lists or quotes'),
  inlineNesting: limit('emphasis, strikethrough and links nested in each other', 8, 'levels', 'nest less markup'),
  blockQuotes: limit('block quotes', 500, 'block quotes', 'use fewer block quotes'),
  listItems: limit('list items (clauses, sub-clauses and bullets)', 2_000, 'list items', 'split the policy'),
  headings: limit('headings (sections and sub-headings)', 1_000, 'headings', 'split the policy'),
  footnotes: limit('footnote references, and footnote definitions', 20, 'footnotes', 'use fewer footnotes'),
  footnotesInFootnotes: limit('footnote references inside a footnote', 0, 'footnotes inside footnotes', 'a footnote may not refer to a footnote; write its text instead'),
  links: limit('links and cross-references', 1_000, 'links', 'link less'),
  labels: limit('labels ({#label})', 1_000, 'labels', 'label only the clauses you refer to'),
  tableRows: limit('table rows', 2_000, 'rows', 'split the table or the policy'),
  tableCells: limit('table cells', 10_000, 'cells', 'split the table or the policy'),
  nodes: limit('elements in a policy (paragraphs, list items, cells, links, emphasis …)', 30_000, 'elements', 'split the policy'),
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** The hint of a limit's error: "limit 16 levels; nest fewer lists or quotes". */
export function limitHint(which: Limit): string {
  return `limit ${which.value} ${which.unit}; ${which.advice}`;
}

/** A source past a limit: where (an offset into the text scanned), what was found, and the limit. */
export interface LimitBreach {
  offset: number;
  message: string;
  limit: Limit;
}

const MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const FOOTNOTE_DEFINITION = /^\[\^[^\]]*\]:/;
/** Characters that open or close emphasis, strikethrough, code and links. */
const MARKS = '*_~`[]';

/** An open block quote, or an open list item and the column its content starts at. */
type Container = { quote: true } | { quote: false; content: number };

/** A cursor on one line: offset and column (tabs to the next multiple of four). */
class Cursor {
  readonly text: string;
  readonly end: number;
  i: number;
  column = 0;
  constructor(text: string, i: number, end: number) {
    this.text = text;
    this.i = i;
    this.end = end;
  }
  /** Skips spaces and tabs, at most up to `upTo` columns; returns how many columns were skipped. */
  spaces(upTo = Number.POSITIVE_INFINITY): number {
    const from = this.column;
    while (this.i < this.end && this.column < upTo) {
      const c = this.text[this.i];
      if (c === ' ') this.column += 1;
      else if (c === '\t') this.column += 4 - (this.column % 4);
      else break;
      this.i += 1;
    }
    return this.column - from;
  }
  get blank(): boolean {
    for (let j = this.i; j < this.end; j++) if (this.text[j] !== ' ' && this.text[j] !== '\t') return false;
    return true;
  }
  save(): [number, number] {
    return [this.i, this.column];
  }
  restore([i, column]: [number, number]): void {
    this.i = i;
    this.column = column;
  }
}

/**
 * One linear pass over a policy body or a partial (or the Markdown a policy templates
 * to), before anything parses it, finding the first place it goes past a limit on
 * lines, words, markup, template blocks, nesting or counts of blocks. The block
 * structure is read as CommonMark reads it, but only roughly (each line's quote and
 * list markers against the containers still open, fences and tables; no HTML blocks,
 * no link definitions), so the counts are upper bounds of what the parser will find:
 * a text this pass lets through parses in linear time and a shallow stack. The exact
 * counts are taken on the parsed tree (src/document/limits.ts).
 */
export function scanText(text: string, options: { templated?: boolean; subject?: string } = {}): LimitBreach | undefined {
  const subject = options.subject ?? 'the text';
  const breach = (offset: number, message: string, which: Limit): LimitBreach => ({ offset, message: message.replace(/^the text\b/, subject), limit: which });
  const max = (name: LimitName) => LIMITS[name].value;
  if (options.templated && text.length > max('templatedChars')) {
    return breach(0, `the text is more than ${max('templatedChars')} characters long`, LIMITS.templatedChars);
  }
  const counts = { lines: 0, marks: 0, listItems: 0, headings: 0, blockQuotes: 0, footnoteRefs: 0, footnoteDefs: 0, labels: 0, tableRows: 0, tableCells: 0 };
  let paragraphMarks = 0;
  let paragraphStart = 0;
  let templateDepth = 0;
  const open: Container[] = [];
  /** The previous line could be a paragraph's, which the next may underline or continue. */
  let previousText = false;
  /** The open fence's marker, and how many containers were open around it. */
  let fence: { marker: string; depth: number } | undefined;
  /** Columns of the table being read (0: not in a table). */
  let tableColumns = 0;

  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    counts.lines += 1;
    if (counts.lines > max('lines')) return breach(start, `the text has more than ${max('lines')} lines`, LIMITS.lines);
    if (end - start > max('lineLength')) return breach(start + max('lineLength'), `line is ${end - start} characters long`, LIMITS.lineLength);

    // The containers still open that this line continues: a quote by its `>`, a list item by indentation (or a blank line).
    const line = new Cursor(text, start, end);
    let matched = 0;
    for (const container of open) {
      const saved = line.save();
      if (container.quote) {
        line.spaces(line.column + 3);
        if (text[line.i] !== '>') {
          line.restore(saved);
          break;
        }
        line.i += 1;
        line.column += 1;
        if (text[line.i] === ' ') {
          line.i += 1;
          line.column += 1;
        }
      } else if (!line.blank) {
        line.spaces(container.content);
        if (line.column < container.content) {
          line.restore(saved);
          break;
        }
      }
      matched += 1;
    }
    if (fence && matched < fence.depth) fence = undefined;
    const inFence = fence !== undefined;

    // The containers the line opens: quote markers and list markers, unless indented as code.
    const opened: Container[] = [];
    let firstMarker = -1;
    while (!inFence) {
      const saved = line.save();
      if (line.spaces() >= 4) {
        line.restore(saved);
        break;
      }
      if (text[line.i] === '>') {
        opened.push({ quote: true });
        if (firstMarker < 0) firstMarker = line.i;
        line.i += 1;
        line.column += 1;
        if (text[line.i] === ' ') {
          line.i += 1;
          line.column += 1;
        }
        continue;
      }
      const rest = text.slice(line.i, Math.min(end, line.i + 11));
      const marker = MARKER.exec(rest);
      if (!marker || THEMATIC_BREAK.test(text.slice(line.i, end))) {
        line.restore(saved);
        break;
      }
      if (firstMarker < 0) firstMarker = line.i;
      line.i += marker[0].length;
      line.column += marker[0].length;
      const after = line.column;
      const beforeSpaces = line.save();
      const gap = line.spaces();
      // Content starts after one to four spaces; an empty item, or one indented more, one column after the marker.
      if (line.blank || gap > 4) {
        line.restore(beforeSpaces);
        opened.push({ quote: false, content: after + 1 });
        if (gap > 4) break;
      } else {
        opened.push({ quote: false, content: line.column });
      }
    }
    const contentStart = line.i;
    const content = text.slice(contentStart, end).replace(/^[ \t]+/, '');
    const blank = opened.length === 0 && line.blank;
    const heading: boolean = !inFence && !blank && (ATX_HEADING.test(content) || (previousText && opened.length === 0 && matched === open.length && SETEXT_UNDERLINE.test(content)));
    const fenceOpen = inFence || blank ? null : FENCE.exec(content);
    const rule = !inFence && !blank && THEMATIC_BREAK.test(content);
    // A line that continues a paragraph lazily keeps the containers it does not repeat; any other closes them.
    const lazy = matched < open.length && opened.length === 0 && !blank && previousText && !heading && !fenceOpen && !rule;
    const closed = !lazy && matched < open.length;
    if (!lazy) open.length = matched;
    open.push(...opened);
    if (open.length > max('nesting')) {
      return breach(firstMarker >= 0 ? firstMarker : contentStart, `lists and block quotes are nested ${open.length} deep here`, LIMITS.nesting);
    }
    for (const container of opened) {
      if (container.quote) {
        counts.blockQuotes += 1;
        if (counts.blockQuotes > max('blockQuotes')) return breach(contentStart, `the text has more than ${max('blockQuotes')} block quotes`, LIMITS.blockQuotes);
      } else {
        counts.listItems += 1;
        if (counts.listItems > max('listItems')) return breach(contentStart, `the text has more than ${max('listItems')} list items`, LIMITS.listItems);
      }
    }

    let startsInline = false;
    if (inFence) {
      if (content.startsWith(fence!.marker) && /^([`~])\1*[ \t]*$/.test(content)) fence = undefined;
    } else if (blank) {
      tableColumns = 0;
    } else {
      if (heading) {
        counts.headings += 1;
        if (counts.headings > max('headings')) return breach(contentStart, `the text has more than ${max('headings')} headings`, LIMITS.headings);
      }
      if (FOOTNOTE_DEFINITION.test(content)) {
        counts.footnoteDefs += 1;
        if (counts.footnoteDefs > max('footnotes')) return breach(contentStart, `the text has more than ${max('footnotes')} footnote definitions`, LIMITS.footnotes);
      }
      const breaksBlock = heading || fenceOpen !== null || rule || opened.length > 0 || closed;
      if (tableColumns > 0 && breaksBlock) tableColumns = 0;
      if (tableColumns > 0) {
        counts.tableRows += 1;
        counts.tableCells += tableColumns;
      } else if (previousText && content.includes('|') && TABLE_DELIMITER.test(content)) {
        tableColumns = content.replace(/^\||\|[ \t]*$/g, '').split('|').length;
        counts.tableRows += 1; // the header row, the line before
        counts.tableCells += tableColumns;
      }
      if (counts.tableRows > max('tableRows')) return breach(contentStart, `the text has more than ${max('tableRows')} table rows`, LIMITS.tableRows);
      if (counts.tableCells > max('tableCells')) return breach(contentStart, `the text has more than ${max('tableCells')} table cells`, LIMITS.tableCells);
      if (fenceOpen) fence = { marker: fenceOpen[1]!, depth: open.length };
      // A line that starts a block (or a table row) starts a new run of inline markup.
      startsInline = breaksBlock || tableColumns > 0;
    }
    previousText = !inFence && !blank && !heading && !fenceOpen && !rule;
    if (blank) {
      paragraphMarks = 0;
      paragraphStart = end + 1;
    } else if (startsInline) {
      paragraphMarks = 0;
      paragraphStart = contentStart;
    }

    // Words, template blocks, and (outside code) marks, labels and footnote references.
    const code = inFence || fenceOpen !== null;
    let word = -1;
    for (let i = start; i <= end; i++) {
      const c = i < end ? text.charCodeAt(i) : 10;
      if (c === 32 || c === 9 || c === 10) {
        if (word >= 0 && i - word > max('wordLength')) return breach(word, `word of ${i - word} characters without a space`, LIMITS.wordLength);
        word = -1;
        continue;
      }
      if (word < 0) word = i;
      if (c === 123 /* { */) {
        const next = text[i + 1];
        if (next === '{') {
          let j = i + 2;
          if (text[j] === '~') j += 1;
          if (text[j] === '#' || (text[j] === '^' && !/^\^~?\}\}/.test(text.slice(j, j + 4)))) {
            templateDepth += 1;
            if (templateDepth > max('templateNesting')) return breach(i, `template blocks are nested more than ${max('templateNesting')} deep`, LIMITS.templateNesting);
          } else if (text[j] === '/') {
            templateDepth = Math.max(0, templateDepth - 1);
          }
        } else if (next === '#' && !code && /[A-Za-z]/.test(text[i + 2] ?? '')) {
          counts.labels += 1;
          if (counts.labels > max('labels')) return breach(i, `the text has more than ${max('labels')} labels`, LIMITS.labels);
        }
      }
      if (code || MARKS.indexOf(text[i]!) < 0) continue;
      counts.marks += 1;
      paragraphMarks += 1;
      if (counts.marks > max('markup')) return breach(i, `the text has more than ${max('markup')} emphasis and link marks`, LIMITS.markup);
      if (paragraphMarks > max('markupPerParagraph')) return breach(paragraphStart, `paragraph has more than ${max('markupPerParagraph')} emphasis and link marks`, LIMITS.markupPerParagraph);
      if (c === 91 /* [ */ && text[i + 1] === '^' && !(i === contentStart && FOOTNOTE_DEFINITION.test(content))) {
        counts.footnoteRefs += 1;
        if (counts.footnoteRefs > max('footnotes')) return breach(i, `the text has more than ${max('footnotes')} footnote references`, LIMITS.footnotes);
      }
    }
    start = end + 1;
  }
  return undefined;
}
