import type { IStylesOptions, Paragraph, ParagraphChild, Table, TableOfContents } from 'docx';
import type { Root, RootContent } from 'mdast';
// Before remark-docx: the one iterator helper it calls, on a Node.js without it.
import './iterator-reduce.ts';
import remarkDocx from 'remark-docx';
import type { Plugin } from 'unified';

/*
 * The part of remark-docx 0.3.29's API this writer uses, typed here: its own
 * declarations import './plugin' and './types' without file extensions, which
 * TypeScript's NodeNext resolution cannot follow, so they arrive as `any`.
 * Mirrors remark-docx/lib/types.d.ts and mdast-util-to-docx.d.ts.
 */

export type DocxContent = Paragraph | Table | TableOfContents | ParagraphChild;

export interface Context {
  readonly render: (nodes: readonly RootContent[], ctx?: Context) => DocxContent[];
  /** Text width of the page, in twips. */
  readonly width: number;
  readonly style: Readonly<{ bold?: boolean; italic?: boolean; strike?: boolean; inlineCode?: boolean; link?: boolean }>;
  /** Set by remark-docx's own list builder; ours clears it (numbers are text). */
  readonly list?: unknown;
}

type NodeOf<T extends RootContent['type']> = Extract<RootContent, { type: T }>;

export type NodeBuilders = {
  [K in RootContent['type']]?: (node: NodeOf<K>, ctx: Context) => DocxContent | DocxContent[] | null;
};

export type RemarkDocxPlugin = (ctx: Readonly<{ root: Root }>) => Promise<NodeBuilders>;

export interface DocxOptions {
  size?: { width?: number; height?: number };
  margin?: { top?: number; left?: number; bottom?: number; right?: number };
  styles?: IStylesOptions;
  thematicBreak?: 'page' | 'section' | 'line';
  plugins?: RemarkDocxPlugin[];
}

declare module 'unified' {
  interface CompileResultMap {
    docx: Promise<ArrayBuffer>;
  }
}

/** remark-docx's unified plugin: compiles an mdast Root into the bytes of a .docx. */
export const remarkDocxPlugin = remarkDocx as Plugin<[DocxOptions], Root, Promise<ArrayBuffer>>;
