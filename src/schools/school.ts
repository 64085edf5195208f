import type { CitedItem } from '../legislation/entries.ts';

/** A school's data after the LA defaults and its own file are merged. */
export interface Contact {
  name: string;
  role: string;
  phone?: string;
  email?: string;
}

export interface Signatory {
  role: string;
  name?: string;
}

export interface School {
  id: string;
  /** The school's own config file, as shown in diagnostics. */
  file: string;
  name: string;
  governingBody: string;
  headTitle: string;
  headTitlePlural: string;
  la: { name?: string };
  hr: {
    name?: string;
    phonePrefix?: string;
    email?: string;
    address: string[];
    contacts: Contact[];
  };
  /**
   * Named lists of legislation and the guidance, resolved against the legislation
   * register (a plain string is resolved when an edition is made: a register id,
   * or free text printed as written).
   */
  legislation: Record<string, LegislationItem[]>;
  guidance: LegislationItem[];
  relatedPolicies?: string[];
  usefulContacts: { label?: string; url: string }[];
  signatories: Signatory[];
}

export type LegislationItem = string | CitedItem;

export const DEFAULTS_FILE = '_defaults.yaml';
