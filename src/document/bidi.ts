import type { EditionMeta, Signatory } from './types.ts';

/**
 * A value can never reorder the text around it. Text from a config or front matter
 * that holds right-to-left letters or an explicit bidirectional control (a
 * right-to-left override, U+202E, say) is put in a directional isolate, FIRST STRONG
 * ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE (U+2069): per the Unicode Bidirectional
 * Algorithm (UAX #9) its direction is its own, nothing inside it reaches outside, and
 * the closing PDI ends any embedding or override left open inside. Text with neither
 * (every value of the shipped editions) is left exactly as it is.
 *
 * The filled tree every writer reads carries values so isolated; the HTML writer
 * turns each isolate in text into a `<bdi>` element (see ../writers/html).
 */
export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * Right-to-left letters (the Hebrew, Arabic, Syriac, Thaana, N'Ko … blocks, their
 * presentation forms, and the historic right-to-left scripts of planes 1), and the
 * explicit bidirectional controls (LRM, RLM, ALM, the embeddings, overrides, isolates).
 */
const NEEDS_ISOLATE = /[\p{Bidi_Control}\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const ISOLATE_CONTROLS = /[\u2066-\u2069]/;
const OPENS = new Set(['\u2066', '\u2067', '\u2068']);

/** Whether `text` could change the order of text around it, and so is isolated. */
export function needsIsolate(text: string): boolean {
  return NEEDS_ISOLATE.test(text);
}

/** `text` in a directional isolate when it needs one (see above); otherwise `text` itself. */
export function isolate(text: string): string {
  return needsIsolate(text) ? FSI + balanceIsolates(text) + PDI : text;
}

/**
 * `text` with its own isolates balanced, so the isolate put around it is closed by
 * its own PDI: a PDI that closes nothing opened in `text` is dropped (it would close
 * the isolate around it), and a PDI is added at the end for each isolate left open.
 */
export function balanceIsolates(text: string): string {
  if (!ISOLATE_CONTROLS.test(text)) return text;
  let out = '';
  let open = 0;
  for (const c of text) {
    if (OPENS.has(c)) open += 1;
    else if (c === PDI) {
      if (open === 0) continue;
      open -= 1;
    }
    out += c;
  }
  return out + PDI.repeat(open);
}

/** The metadata a writer prints, each text field isolated as a value in the tree is. */
export function isolateMeta(meta: EditionMeta): EditionMeta {
  return {
    ...meta,
    schoolName: isolate(meta.schoolName),
    title: isolate(meta.title),
    version: isolate(meta.version),
    owner: isolate(meta.owner),
    ...(meta.laName !== undefined ? { laName: isolate(meta.laName) } : {}),
    approvedText: isolate(meta.approvedText),
    reviewText: isolate(meta.reviewText),
    appliesTo: isolate(meta.appliesTo),
    keywords: meta.keywords.map(isolate),
    ...(meta.adoption ? { adoption: { ...meta.adoption, text: isolate(meta.adoption.text) } } : {}),
  };
}

/** Signatories as the signature block prints them: role and name isolated. */
export function isolateSignatories(signatories: Signatory[]): Signatory[] {
  return signatories.map((s) => ({ role: isolate(s.role), ...(s.name !== undefined ? { name: isolate(s.name) } : {}) }));
}

/**
 * Where in `text` each isolate initiator (LRI, RLI, FSI) is closed: the index of its
 * PDI, by UAX #9's rule BD9 (a PDI closes the nearest isolate still open). Initiators
 * never closed, and PDIs that close nothing, are left out.
 */
export function matchIsolates(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (OPENS.has(c)) stack.push(i);
    else if (c === PDI && stack.length) pairs.set(stack.pop()!, i);
  }
  return pairs;
}
