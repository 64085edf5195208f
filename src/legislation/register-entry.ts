/** The legislation register's shape (see register.ts, which loads it, and register.yaml). */
export type EntryKind = 'act' | 'statutory-instrument' | 'retained-eu-law' | 'guidance';
export type EntryStatus = 'in-force' | 'partly-repealed' | 'repealed' | 'superseded';

/** One checked fact of the register: a piece of legislation or of DfE guidance. */
export interface RegisterEntry {
  id: string;
  kind: EntryKind;
  title: string;
  /** What an edition prints for the entry, and what a check suggests: the title unless the register says otherwise. */
  citation: string;
  aliases: string[];
  year: number;
  session?: string;
  chapter?: string;
  number?: string;
  url?: string;
  status: EntryStatus;
  supersededBy?: string;
  publisher?: string;
  edition?: string;
  editionDate?: string;
  /** The year of the current edition of guidance (from editionDate). */
  editionYear?: number;
  basis: string;
}

/** How a name of legislation is looked up: its normalised title words and keyword, e.g. `data protection act`. */
export interface NameKey {
  key: string;
  entry: RegisterEntry;
  /** The year the title carries, if any (`Data Protection Act 2018` → 2018). */
  year?: number;
}

export interface Register {
  file: string;
  checked: string;
  entries: RegisterEntry[];
  byId: Map<string, RegisterEntry>;
  /** Legislation names (titles and aliases) by normalised key. */
  byName: Map<string, NameKey[]>;
  names: NameKey[];
  /** Guidance titles and aliases to look for in prose. */
  guidance: { entry: RegisterEntry; name: string; pattern: RegExp }[];
}
