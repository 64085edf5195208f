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

/** Where something is in a config file. */
export interface Place {
  line: number;
  column: number;
}

/** One entry of a school's adoption register (`adoptions:` in its own config). */
export interface Adoption {
  version: string;
  /** YYYY-MM-DD */
  approved: string;
  minute: string;
  /** Who signed the adopted copy: a role key of the school's roles, the name, the date (YYYY-MM-DD). */
  signed: { role: string; name: string; date: string }[];
  /** YYYY-MM-DD: the school's own review date, instead of the policy's. */
  review?: string;
  /** Where the entry's key and its version are in the school's file (never part of an edition). */
  at: { key: Place; version: Place };
}

/** A role policies name (`{{school.roles.chair}}`): its printed name and, when policies need one, its plural. */
export interface Role {
  name: string;
  plural?: string;
}

/** The house style a school's editions are printed in (every format reads it through document/types.ts). */
export interface HouseStyle {
  /** "#1d4f91": contrast with white at least 4.5:1. */
  accent: string;
  /** The only bundled typeface. */
  font: 'Liberation Sans';
  /** "figures/la-logo.svg": a file in policies/figures. */
  logo?: string;
}

/** The shipped house style, used where no config sets one. */
export const DEFAULT_STYLE: HouseStyle = { accent: '#1d4f91', font: 'Liberation Sans' };

/** The fonts policyc bundles (for the PDF writer; DOCX and HTML print their metric twins). */
export const BUNDLED_FONTS = ['Liberation Sans'] as const;

/**
 * The roles every school has even when no config names them: the signatories' defaults.
 * The shipped LA defaults (schools/_defaults.yaml) name these and more.
 */
export const BUILT_IN_ROLES: Record<string, Role> = {
  head: { name: 'Headteacher', plural: 'Headteachers' },
  chair: { name: 'Chair of Governors', plural: 'Chairs of Governors' },
};

export interface School {
  id: string;
  /** The school's own config file, as shown in diagnostics. */
  file: string;
  name: string;
  governingBody: string;
  /** The trust the school belongs to (`trust:` in its config), by its id and name. */
  trust?: { id: string; name: string };
  /** Every role, by its key: the built-in ones, then the LA defaults', the trust's and the school's own. */
  roles: Record<string, Role>;
  /** The old names of `roles.head` and its plural (absent when the head's role has none). */
  headTitle: string;
  headTitlePlural?: string;
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
  /** The signature lines, each with its role's printed name. */
  signatories: Signatory[];
  /** The role key of each signature line, in the same order. */
  signatoryKeys?: string[];
  /**
   * The school's adoption register, by policy id; absent when its config keeps none
   * (its editions then carry no adoption status).
   */
  adoptions?: Record<string, Adoption>;
  style: HouseStyle;
}

export type LegislationItem = string | CitedItem;

export const DEFAULTS_FILE = '_defaults.yaml';
/** The folder of trust files inside schools/: never schools themselves. */
export const TRUSTS_DIR = '_trusts';
