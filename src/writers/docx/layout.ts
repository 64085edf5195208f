import type { ParagraphChild } from 'docx';
import type { PhrasingContent } from 'mdast';
import type { Context } from './remark-docx-api.ts';

/**
 * What our builders add to remark-docx's context (which it copies, keys and all, to
 * every child): where the text of the block being built starts, in twips from the
 * margin, and how deep in bullet lists it is.
 */
export interface Layout {
  indent?: number;
  bullets?: number;
}
export type Ctx = Context & Layout;

/** The context for children: `ctx` with some layout or style changed. */
export function within(ctx: Context, changes: Layout & Partial<Pick<Context, 'style' | 'list'>>): Ctx {
  return { ...ctx, ...changes } as Ctx;
}

/** Phrasing content (text, emphasis, links …) as the runs of a paragraph. */
export function runs(children: PhrasingContent[], ctx: Context): ParagraphChild[] {
  return ctx.render(children, ctx) as ParagraphChild[];
}
