/** Suggests the closest known name for a misspelt one ("did you mean …?"). */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  const candidates = [...known];
  const containing = candidates.filter((c) => lower.length >= 3 && c.toLowerCase().includes(lower));
  if (containing.length === 1) return containing[0];
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  if (bestDistance <= limit) return best;
  return sharingWord(name, candidates);
}

/** The words of a name: `headTitlePlural` → head, title, plural; `roles.plural.head`, `hr-contacts` split at the marks. */
export function words(name: string): string[] {
  return name.split(/(?<=[a-z0-9])(?=[A-Z])|[-_.\s]+/).map((w) => w.toLowerCase()).filter(Boolean);
}

/**
 * Far by edits but plainly meant: a word of four letters or more that one name
 * begins a word of the other with (`headteacher` for `headTitle`, `email` for
 * `emailAddress` for `email`). Of such names, one sharing the first word, then the nearest by edits.
 */
function sharingWord(name: string, candidates: string[]): string | undefined {
  const mine = words(name);
  const meets = (a: string[], b: string[]) => a.some((w) => w.length >= 4 && b.some((v) => v.startsWith(w)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const theirs = words(candidate);
    if (!meets(mine, theirs) && !meets(theirs, mine)) continue;
    // Sharing the first word counts most: `emailAddress` means `email` more than `address`.
    const first = meets(mine.slice(0, 1), theirs) || meets(theirs, mine.slice(0, 1)) ? 0 : 1000;
    const d = first + distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

/** Edit distance (Levenshtein). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
