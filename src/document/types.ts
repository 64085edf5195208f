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
  /** In a change summary, when the number changed: the clause's number in the old edition, or null for a clause that is new there. */
  was?: string | null;
}

/** One row of the document-control table: the front matter's `history:` entry. */
export interface HistoryEntry {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  /** "1 September 2026" */
  dateText: string;
  summary: string;
  approvedBy: string;
}

/** The document-control (version history) table, from the front matter's `history:`. */
export interface HistoryBlock {
  type: 'historyBlock';
  entries: HistoryEntry[];
  data?: Record<string, never>;
  position?: undefined;
}

/** The contents list (front matter `contents: true`): each writer lists the numbered sections from the tree. */
export interface ContentsBlock {
  type: 'contentsBlock';
  data?: Record<string, never>;
  position?: undefined;
}

/**
 * A figure: an image from `policies/figures/` standing as a paragraph of its own
 * (`![alt](figures/flow.svg "optional caption")`), embedded in every format. Its bytes
 * are the edition's asset named `file`.
 */
export interface Figure {
  type: 'figure';
  /** "figures/flow.svg": the key of the edition's asset. */
  file: string;
  /** The accessible description (required, never empty). */
  alt: string;
  /** Printed under the figure when given (the image's title). */
  caption?: string;
  data?: Record<string, never>;
  position?: undefined;
}

/** Text a change summary marks as inserted since the old edition (HTML `<ins>`, Word `w:ins`). */
export interface InsertedText {
  type: 'insertedText';
  value: string;
  data?: Record<string, never>;
  position?: undefined;
}

/** Text a change summary marks as deleted since the old edition (HTML `<del>`, Word `w:del`). */
export interface DeletedText {
  type: 'deletedText';
  value: string;
  data?: Record<string, never>;
  position?: undefined;
}

/** What changed in a clause, printed before it in a change summary: "Changed (school's details)", "Moved, was 6.3". Not in the Word edition, whose tracked changes say it. */
export interface ChangeLabel {
  type: 'changeLabel';
  label: string;
  /** The summary's table links here ("change-3"). */
  anchor: string;
  data?: Record<string, never>;
  position?: undefined;
}

/** One row of a change summary's table: a changed clause. */
export interface ChangeRow {
  newNumber?: string;
  oldNumber?: string;
  kind: string;
  firstWords: string;
  /** The anchor of the clause in the summary ("change-3"). */
  anchor: string;
}

/** The opening of a change summary: versions and dates, counts, and a table of the changed clauses. Not in the Word edition. */
export interface ChangeSummary {
  type: 'changeSummary';
  oldVersion: string;
  newVersion: string;
  oldApproved: string;
  newApproved: string;
  counts: { changed: number; added: number; removed: number; moved: number };
  rows: ChangeRow[];
  data?: Record<string, never>;
  position?: undefined;
}

/** An image an edition embeds: a figure, or the house-style logo, as the sources stage reads it (../sources/read-figures.ts). */
import type { FigureFile as Asset } from '../sources/read-figures.ts';
export type { Asset };

/** The house style, set once in the LA defaults (a trust may override): used by every format (the schools stage defines it). */
import type { HouseStyle } from '../schools/school.ts';
export type { HouseStyle };

declare module 'mdast' {
  interface RootContentMap {
    editionBlock: EditionBlock;
    signatureBlock: SignatureBlock;
    historyBlock: HistoryBlock;
    contentsBlock: ContentsBlock;
    figure: Figure;
    insertedText: InsertedText;
    deletedText: DeletedText;
    changeLabel: ChangeLabel;
    changeSummary: ChangeSummary;
  }
  interface PhrasingContentMap {
    insertedText: InsertedText;
    deletedText: DeletedText;
    changeLabel: ChangeLabel;
  }
  interface BlockContentMap {
    changeSummary: ChangeSummary;
    editionBlock: EditionBlock;
    signatureBlock: SignatureBlock;
    historyBlock: HistoryBlock;
    contentsBlock: ContentsBlock;
    figure: Figure;
  }
  interface TableData {
    /** Printed above the table: a `Table: …` paragraph directly before it. */
    caption?: string;
    /** The table's accessible name: its caption, or made from its header cells ("Name, Role, Telephone and Email"). */
    name?: string;
  }
  interface HeadingData extends Numbered {}
  interface ListItemData extends Numbered {}
  interface ListData {
    /**
     * clauses: 1.1, 1.2 …; roman: I., II. …; decimal: 1.1.1, 1.1.2 … (a clause's list
     * under `numbering: decimal`); alpha: (a), (b) …. The printed marker is the item's.
     */
    kind?: 'clauses' | 'roman' | 'decimal' | 'alpha';
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
  /** The house style every writer uses (DEFAULT_STYLE of ./house-style.ts when absent). */
  style?: HouseStyle;
  /** The edition's ID ("7K2MQ-9TX4A", ./edition-id.ts), set when it is made; computed from the edition when absent. */
  editionId?: string;
  /**
   * Whether the school adopted this version, when its config keeps an adoption register:
   * the edition block's sentence ("Adopted by the Governing Body of … on 14 October 2026,
   * minute 7.2", its values isolated), or, for a draft, "Draft for approval by the
   * Governing Body", which every format also prints on every page.
   */
  adoption?: { draft: boolean; text: string };
}

/** One policy for one school: the document tree every writer renders, and its metadata. */
export interface Edition {
  meta: EditionMeta;
  tree: Root;
  /** Images the edition embeds (its figures and the logo), by file ("figures/flow.svg"); none when absent. */
  assets?: Record<string, Asset>;
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
  /** Images the edition embeds, by file: see Edition.assets. */
  assets: Record<string, Asset>;
}

export interface TocEntry {
  marker: string;
  anchor: string;
  text: string;
  clauses: { marker: string; anchor: string }[];
}
