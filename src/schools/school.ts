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
  legislation: Record<string, string[]>;
  guidance: string[];
  relatedPolicies?: string[];
  usefulContacts: { label?: string; url: string }[];
  signatories: Signatory[];
}

export const DEFAULTS_FILE = '_defaults.yaml';
