import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { School } from '../schools/school.ts';
import type { PolicySource } from '../sources/read-policy.ts';

/** Every version a policy has had: its `history:` versions and its current `version`. */
export function policyVersions(policy: PolicySource): string[] {
  return [...new Set([...policy.meta.history.map((h) => h.version), policy.meta.version])];
}

/**
 * What a school's adoption register says that only the policies can check, each at its
 * place in the school's file: an adoption of a policy there is no file of, or of a
 * version the policy never had. `policyIds` are every policy on disk; `policies` those
 * read (a policy with errors of its own has its versions checked once it reads).
 */
export function checkAdoptions(schools: School[], policies: PolicySource[], policyIds: string[]): Diagnostic[] {
  const byId = new Map(policies.map((p) => [p.id, p]));
  const problems: Diagnostic[] = [];
  for (const school of schools) {
    for (const [policyId, adoption] of Object.entries(school.adoptions ?? {})) {
      if (!policyIds.includes(policyId)) {
        const suggestion = closest(policyId, policyIds);
        problems.push(error(school.file, adoption.at.key.line, adoption.at.key.column, `unknown policy \`${policyId}\` in adoptions: there is no policies/${policyId}.md`,
          suggestion ? `did you mean \`${suggestion}\`?` : `policies: ${policyIds.join(', ')}`));
        continue;
      }
      const policy = byId.get(policyId);
      if (!policy) continue;
      const versions = policyVersions(policy);
      if (!versions.includes(adoption.version)) {
        problems.push(error(school.file, adoption.at.version.line, adoption.at.version.column, `\`${policyId}\` never had version ${adoption.version}: its versions are ${versions.join(', ')}`,
          `adopt one of them (${policy.file} lists them under \`version\` and \`history:\`)`));
      }
    }
  }
  return problems;
}
