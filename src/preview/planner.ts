import { DEFAULTS_FILE, TRUSTS_DIR, type School } from '../schools/school.ts';

/** One edition the preview serves, as the planner sees it: its ids and what it is made from. */
export interface PlannedEdition {
  /** `school/policy`, as in the manifest. */
  id: string;
  policy: string;
  school: string;
  /** The school as last loaded (absent while its config has errors). */
  loadedSchool?: School;
  /** The policy's text as last loaded (absent while it has errors). */
  policyText?: string;
}

/** Whether a changed file means the project's template folders must be read again. */
export function changesTemplates(changed: readonly string[]): boolean {
  return changed.some((file) => file.split('/')[0] === 'templates');
}

/**
 * The editions a set of changed files (paths relative to the project, `/`-separated)
 * affects: a policy, its edition for every school; a school's config, its editions;
 * a trust's file, the editions of the schools that name it (and of any school not
 * loaded, which may); the LA defaults or any template (a partial, a stylesheet, the
 * PDF template), every edition; a figure, the editions whose policy names it or whose
 * school's house style uses it as the logo. Anything else affects nothing.
 */
export function affectedEditions(changed: readonly string[], editions: readonly PlannedEdition[]): Set<string> {
  const hit = new Set<string>();
  const add = (test: (e: PlannedEdition) => boolean) => {
    for (const e of editions) if (test(e)) hit.add(e.id);
  };
  for (const file of changed) {
    const parts = file.split('/');
    const [top, second] = parts;
    if (top === 'templates') add(() => true);
    else if (top === 'policies' && second === 'figures' && parts.length > 2) {
      const name = parts.slice(1).join('/');
      add((e) => (e.policyText?.includes(name) ?? true) || e.loadedSchool?.style.logo === name || !e.loadedSchool);
    } else if (top === 'policies' && parts.length === 2 && second!.endsWith('.md')) {
      const id = second!.slice(0, -'.md'.length);
      add((e) => e.policy === id);
    } else if (top === 'schools' && parts.length === 2 && second === DEFAULTS_FILE) add(() => true);
    else if (top === 'schools' && second === TRUSTS_DIR && parts.length === 3) {
      const trust = parts[2]!.replace(/\.ya?ml$/, '');
      add((e) => !e.loadedSchool || e.loadedSchool.trust?.id === trust);
    } else if (top === 'schools' && parts.length === 2 && /\.ya?ml$/.test(second!)) {
      const id = second!.replace(/\.ya?ml$/, '');
      add((e) => e.school === id);
    }
  }
  return hit;
}
