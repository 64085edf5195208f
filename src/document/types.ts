import type { Root } from 'mdast';

/** Someone who signs an edition: the signature block prints their role and, if known, their name. */
export interface Signatory {
  role: string;
  name?: string;
}

/** The edition block: school, policy version and dates, placed after the title. */
export interface EditionBlock {
  type: 'editionBlock';
  data?: Record<string, never>;
  position?: undefined;
}

/** The signature block: signature, printed name and date lines for each signatory. */
export interface SignatureBlock {
  type: 'signatureBlock';
  signatories: Signatory[];
  data?: Record<string, never>;
  position?: undefined;
}

/** Numbering the transform attaches to headings, clause lists and their items. */
export interface Numbered {
  /** What is printed before the text: "1.", "2.1", "IV." */
  marker?: string;
  /** The anchor every format uses: "section-1", "clause-2-1", "clause-6-1-iv" */
  anchor?: string;
}

declare module 'mdast' {
  interface RootContentMap {
    editionBlock: EditionBlock;
    signatureBlock: SignatureBlock;
  }
  interface BlockContentMap {
    editionBlock: EditionBlock;
    signatureBlock: SignatureBlock;
  }
  interface HeadingData extends Numbered {}
  interface ListItemData extends Numbered {}
  interface ListData {
    /** clauses: 1.1, 1.2 …; roman: I., II. …; alpha: (a), (b) … */
    kind?: 'clauses' | 'roman' | 'alpha';
  }
  interface LinkData {
    /** Set on a cross-reference whose text is the target's number. */
    reference?: string;
  }
}

/** Everything about an edition that is not body text. Every writer reads the same. */
export interface EditionMeta {
  schoolId: string;
  schoolName: string;
  policyId: string;
  title: string;
  version: string;
  /** The LA service that owns the policy (document author). */
  owner: string;
  laName?: string;
  /** YYYY-MM-DD */
  approved: string;
  review: string;
  /** "1 September 2026" */
  approvedText: string;
  reviewText: string;
  appliesTo: string;
  keywords: string[];
  lang: 'en-GB';
}

/** One policy for one school: the document tree every writer renders, and its metadata. */
export interface Edition {
  meta: EditionMeta;
  tree: Root;
  /** How the edition was made: its shape's tokenized tree and the school's values (absent for a tree made directly). */
  tokenized?: TokenizedEdition;
}

/**
 * An edition before its values are filled in. Values are tokens until after parsing
 * (data is never markup), so every school whose data has the same shape shares one
 * tokenized tree; `values` are the literal values by token path. Cheap to make and to
 * send to a writer thread: the tree is JSON, shared, and parsed only where it is read.
 */
export interface TokenizedEdition {
  meta: EditionMeta;
  shape: {
    /** The same for every edition made from the same tokenized tree of the same policy. */
    id: string;
    json: string;
  };
  values: [string, string][];
  /** The school's signatories, whom the signature block lists. */
  signatories: Signatory[];
}

export interface TocEntry {
  marker: string;
  anchor: string;
  text: string;
  clauses: { marker: string; anchor: string }[];
}
