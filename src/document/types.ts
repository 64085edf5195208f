import type { Root } from 'mdast';
import type { Signatory } from '../schools/school.ts';

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
  /**
   * The tree before the school's values were filled in, shared by every school of the
   * same shape: a writer may render it once per shape and fill in the values after
   * (the HTML and DOCX writers do). `values` are the literal values, by token path.
   */
  template?: EditionTemplate;
}

export interface EditionTemplate {
  /**
   * The same for editions made from the same tokenized tree in this run whose values
   * lead a writer to the same decisions (see ../writers/edition-template.ts).
   */
  key: string;
  treeJson: string;
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
