import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { EditionMaker } from '../../src/document/edition-maker.ts';
import type { School } from '../../src/schools/school.ts';
import { parsePolicy } from '../../src/sources/read-policy.ts';
import Handlebars from 'handlebars';
import { NEUTRAL, neutralize, Templating } from '../../src/templating/engine.ts';
import { REPO } from '../helpers/project.ts';

const FRONT = '---\ntitle: T\nversion: "1.0"\nowner: HR\napproved: 2026-01-01\nreview: 2027-01-01\napplies-to: All\n---\n';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project folder holding a copy of the shipped templates, with `partials` added (text, or a function that makes the file). */
function templates(partials: Record<string, string | ((path: string) => void)> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'policyc-engine-'));
  dirs.push(root);
  cpSync(join(REPO, 'templates'), join(root, 'templates'), { recursive: true });
  for (const [name, make] of Object.entries(partials)) {
    const path = join(root, 'templates/partials', name);
    if (typeof make === 'string') writeFileSync(path, make);
    else make(path);
  }
  return join(root, 'templates');
}

function compile(templating: Templating, body: string) {
  const { policy } = parsePolicy(`${FRONT}${body}`, 'policies/p.md', 'p');
  const compiled = templating.compile(policy!);
  return { compiled: compiled.compiled, diagnostics: compiled.diagnostics.map(formatDiagnostic) };
}

function school(contacts = 1): School {
  return {
    id: 's', file: 'schools/s.yaml', name: 'S', governingBody: 'G', headTitle: 'H', headTitlePlural: 'Hs', la: {},
    hr: { name: 'HR', address: ['1 Road'], contacts: Array.from({ length: contacts }, (_, i) => ({ name: `N${i}`, role: 'R' })) },
    legislation: {}, guidance: [], usefulContacts: [], signatories: [{ role: 'Head Teacher' }],
    roles: { head: { name: 'Head Teacher', plural: 'Head Teachers' } }, style: { accent: '#1d4f91', font: 'Liberation Sans' },
  };
}

describe('Templating.load: partials are sources like any other', () => {
  it('loads the shipped partials', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    expect([...templating.partials]).toEqual(['address', 'guidance-list', 'hr-contacts', 'legislation-list', 'useful-contacts']);
    expect(templating.problems).toEqual([]);
  });

  it('ignores an editor\'s lock file (a dangling link named .#…) and every other name starting with a dot', async () => {
    const dir = templates({ '.#hr-contacts.hbs': (p) => symlinkSync('someone@host.1234:1700000000', p), '.hidden.hbs': 'x' });
    const templating = await Templating.load(dir);
    expect(templating.problems).toEqual([]);
    expect(templating.partials.has('.#hr-contacts')).toBe(false);
    expect(compile(templating, '{{> hr-contacts}}\n').diagnostics).toEqual([]);
  });

  it('reports a dangling link, a link that loops, a FIFO and a link to /dev/zero at their paths, never reading them, and every use of them', async () => {
    const dir = templates({
      'dangling.hbs': (p) => symlinkSync('gone.hbs', p),
      'loop.hbs': (p) => symlinkSync('loop.hbs', p),
      'pipe.hbs': (p) => execFileSync('mkfifo', [p]),
      'zero.hbs': (p) => symlinkSync('/dev/zero', p),
    });
    const templating = await Templating.load(dir);
    expect(templating.problems.map(formatDiagnostic)).toEqual([
      'templates/partials/dangling.hbs:1:1: error: is a link to gone.hbs, which does not exist',
      'templates/partials/loop.hbs:1:1: error: is a link that loops (to loop.hbs); sources and configs must be files',
      'templates/partials/pipe.hbs:1:1: error: is a named pipe (FIFO), not a regular file; sources and configs must be files',
      'templates/partials/zero.hbs:1:1: error: is a link to /dev/zero, outside the project; sources and configs must live in the project',
    ]);
    // A policy that uses one gets an error where it does; one that does not still compiles (the partials' errors are reported with it).
    const using = compile(templating, '# S\n\n{{> pipe}}\n');
    expect(using.compiled).toBeUndefined();
    expect(using.diagnostics).toContain('policies/p.md:11:1: error: partial `pipe` cannot be used: templates/partials/pipe.hbs is a named pipe (FIFO), not a regular file; sources and configs must be files (see templates/partials/pipe.hbs)');
    const other = compile(templating, '# S\n\n{{> hr-contacts}}\n');
    expect(other.compiled).toBeDefined();
    expect(other.diagnostics).toEqual(templating.problems.map(formatDiagnostic));
  }, 20_000);

  it('refuses a partials folder that links out of the project', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'policyc-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'secret.hbs'), 'secret');
    const dir = templates();
    rmSync(join(dir, 'partials'), { recursive: true });
    symlinkSync(outside, join(dir, 'partials'));
    const templating = await Templating.load(dir);
    expect(templating.problems.map(formatDiagnostic)).toEqual([
      `templates/partials/secret.hbs:1:1: error: is outside the project: a folder on its path links to ${join(outside, 'secret.hbs')}; sources and configs must live in the project`,
    ]);
  });

  it('scans a partial for the limits, and refuses one that includes itself or comes to more than a templated policy may be', async () => {
    const big = 'word '.repeat(1000).trim();
    const dir = templates({
      'long.hbs': `ok\n${'x '.repeat(6000)}\n`,
      'self.hbs': 'a {{> self}}',
      'ping.hbs': '{{> pong}}',
      'pong.hbs': '{{> ping}}',
      'uses-ping.hbs': 'x {{> ping}}',
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`double-${i}.hbs`, i === 0 ? big : `{{> double-${i - 1}}} {{> double-${i - 1}}}`])),
    });
    const templating = await Templating.load(dir);
    const tooLong = (n: number) => `templates/partials/double-${n}.hbs:1:1: error: partial \`double-${n}\` is more than 524288 characters long with the partials it includes filled in (limit 524288 characters; make the policy or the school's lists shorter)`;
    const cycle = 'a partial may not include itself, directly or through another';
    expect(templating.problems.map(formatDiagnostic)).toEqual([
      tooLong(10), tooLong(11), tooLong(7), tooLong(8), tooLong(9),
      'templates/partials/long.hbs:2:10001: error: line is 12000 characters long (limit 10000 characters per line; break the line into paragraphs)',
      `templates/partials/ping.hbs:1:1: error: partial \`ping\` includes itself ({{> ping}} → {{> pong}} → {{> ping}}) (${cycle})`,
      `templates/partials/pong.hbs:1:1: error: partial \`pong\` includes a partial that includes itself (${cycle})`,
      `templates/partials/self.hbs:1:1: error: partial \`self\` includes itself ({{> self}} → {{> self}}) (${cycle})`,
      `templates/partials/uses-ping.hbs:1:1: error: partial \`uses-ping\` includes a partial that includes itself (${cycle})`,
    ]);
    // Usable partials that make a policy too long are refused where the policy includes the one that does.
    expect(compile(templating, `# S\n\n${'{{> double-6}}\n'.repeat(3)}`).diagnostics.at(-1)).toBe(
      'policies/p.md:12:1: error: with its partials filled in, the policy is more than 524288 characters long (limit 524288 characters; make the policy or the school\'s lists shorter)',
    );
  });
});

describe('rendering within a budget', () => {
  it('stops loops over loops of a school\'s lists long before they could run long, and the edition is refused for its size', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const body = '# S\n\n{{#each school.hr.contacts}}{{#each ../school.hr.contacts}}x{{/each}}{{/each}}\n';
    const { compiled } = compile(templating, body);
    const maker = new EditionMaker(compiled!);
    expect(maker.build(school(3)).edition).toBeDefined();
    const started = performance.now();
    // 20,000 × 20,000 iterations, were they all run.
    const made = maker.build(school(20_000));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(made.edition).toBeUndefined();
    expect(made.diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:9:1: error: once its partials and the school\'s lists are filled in, the policy is more than 524288 characters long (limit 524288 characters; make the policy or the school\'s lists shorter)',
    ]);
  }, 20_000);

  it('counts empty iterations too', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '{{#each school.hr.contacts}}{{#each ../school.hr.contacts}}{{/each}}{{/each}}\n');
    const started = performance.now();
    expect(new EditionMaker(compiled!).build(school(20_000)).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:9:1: error: once its partials and the school\'s lists are filled in, the policy is more than 524288 characters long (limit 524288 characters; make the policy or the school\'s lists shorter)',
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  }, 20_000);

  it('renders {{#each}} as Handlebars does: @index, @first, @last and {{else}}', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '{{#each school.hr.contacts}}{{@index}}{{#if @first}}f{{/if}}{{#if @last}}l{{/if}}{{name}};{{else}}none{{/each}}|{{#each school.guidance}}x{{else}}none{{/each}}\n');
    const markdown = compiled!.render({ school: { hr: { contacts: [{ name: 'a' }, { name: 'b' }] }, guidance: [] } } as never);
    expect(markdown).toBe('0fa;1lb;|none\n');
  });
});

describe('what a school has no value for', () => {
  const roles = { head: { name: 'Principal' }, chair: { name: 'Chair of Trustees', plural: 'Chairs of Trustees' } };

  it('is an error at what an {{#each}} loops over when no config defines that list, never nothing printed', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled, diagnostics } = compile(templating, '# S\n\n1. Law:\n\n{{#each school.legislation.whistleblowing}}\n- {{text}}\n{{/each}}\n');
    expect(diagnostics).toEqual([]);
    const maker = new EditionMaker(compiled!);
    expect(maker.build(school()).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:13:9: error: `school.legislation.whistleblowing` (in `{{#each school.legislation.whistleblowing}}`) has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
    ]);
    const own = maker.build({ ...school(), legislation: { whistleblowing: ['Public Interest Disclosure Act 1998'] } });
    expect(own.diagnostics).toEqual([]);
    expect(JSON.stringify(own.edition?.tree)).toContain('Public Interest Disclosure Act 1998');
    // An empty list is a list: nothing to print, and no error.
    expect(maker.build({ ...school(), legislation: { whistleblowing: [] } }).diagnostics).toEqual([]);
  });

  it('is an error at a partial\'s argument naming a list the school lacks, naming the school, never an empty list', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled, diagnostics } = compile(templating, '# S\n\n1. Law:\n\n{{> legislation-list list=school.legislation.whistleblowing}}\n');
    expect(diagnostics).toEqual([]);
    const maker = new EditionMaker(compiled!);
    expect(maker.build(school()).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:13:27: error: `school.legislation.whistleblowing` (in `{{> legislation-list list=school.legislation.whistleblowing}}`) has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
    ]);
    const own = maker.build({ ...school(), legislation: { whistleblowing: ['Public Interest Disclosure Act 1998'] } });
    expect(own.diagnostics).toEqual([]);
    expect(JSON.stringify(own.edition?.tree)).toContain('Public Interest Disclosure Act 1998');
  });

  it('names a role the school lacks with a did-you-mean, and a plural its role lacks, at the placeholder', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '# S\n\n1. The {{school.roles.chiar}} and the {{school.roles.plural.head}}; {{school.headTitlePlural}}.\n');
    expect(new EditionMaker(compiled!).build({ ...school(), roles, headTitle: 'Principal', headTitlePlural: undefined }).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:11:10: error: `{{school.roles.chiar}}`: `chiar` is not a role for school `s` (did you mean `school.roles.chair`?)',
      'policies/p.md:11:41: error: `{{school.roles.plural.head}}`: the role `head` has no plural form for school `s` (give it one under `roles:` in the school\'s config, its trust\'s or the LA defaults: `head: { name: …, plural: … }`)',
      'policies/p.md:11:71: error: `{{school.headTitlePlural}}`: the role `head` has no plural form for school `s` (give it one under `roles:` in the school\'s config, its trust\'s or the LA defaults: `head: { name: …, plural: … }`)',
    ]);
  });

  it('prints roles and the trust\'s name when the school has them, and says when there is no trust', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '# S\n\n1. The {{school.roles.head}} and the {{school.roles.plural.chair}} of {{school.trust.name}}.\n');
    const maker = new EditionMaker(compiled!);
    const inTrust = maker.build({ ...school(), roles, trust: { id: 'oak', name: 'Oak Trust' } });
    expect(JSON.stringify(inTrust.edition?.tree)).toContain('The Principal and the Chairs of Trustees of Oak Trust.');
    expect(maker.build({ ...school(), roles }).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:11:73: error: `{{school.trust.name}}` has no value: there is no trust for school `s` (name its trust with `trust: <trust-id>` in its config, or wrap the placeholder in {{#if school.trust}})',
    ]);
  });

  it('reports every missing value of a render at once, and the structure problems of the rest', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '# S\n\n1. {{school.la.name}} and {{school.hr.email}}.\n1. See [](#nowhere).\n');
    expect(new EditionMaker(compiled!).build(school()).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:11:6: error: `{{school.la.name}}` has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
      'policies/p.md:11:29: error: `{{school.hr.email}}` has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
      'policies/p.md:12:10: error: reference to unknown label `nowhere` (put {#nowhere} at the start of the clause it refers to)',
    ]);
  });
});

describe('a template with errors still has a fallback for the other checks', () => {
  it('renders each failing placeholder as a neutral token, a failing block as its content (a failing loop as nothing: its content is its items\'), a failing partial as nothing', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { policy } = parsePolicy(`${FRONT}# S\n\n1. {{school.nmae}} {{#if school.bogus}}in {{school.name}}{{/if}} {{#each school.bogus}}each {{school.name}}{{/each}} {{> nope}} end\n`, 'policies/p.md', 'p');
    const result = templating.compile(policy!);
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics).toHaveLength(4);
    expect(result.fallback!.render({ school: { name: 'N' } } as never)).toBe(`# S\n\n1. ${NEUTRAL} in N   end\n`);
  });

  it('neutralize takes out the innermost statement at each place, or gives undefined for a place in no statement', () => {
    const program = Handlebars.parse('a {{#if x}}{{y}}{{/if}} b');
    const out = neutralize(program, [{ line: 1, column: 14 }]);
    expect((out!.body[1] as hbs.AST.BlockStatement).program.body[0]).toMatchObject({ type: 'ContentStatement', value: NEUTRAL });
    expect(program.body[1]).toMatchObject({ type: 'BlockStatement' }); // the original is untouched
    expect(neutralize(program, [{ line: 1, column: 1 }])).toBeUndefined();
  });
});

describe('a helper\'s argument the school has no value for', () => {
  it('is an error at the argument naming the field and the school, in a placeholder or in what a block tests', async () => {
    const templating = await Templating.load(join(REPO, 'templates'));
    const { compiled } = compile(templating, '# S\n\n1. Laws: {{and-list school.legislation.nope}}{{#if (is-penultimate 0 school.legislation.nada)}}x{{/if}}.\n');
    expect(new EditionMaker(compiled!).build(school()).diagnostics.map(formatDiagnostic)).toEqual([
      'policies/p.md:11:21: error: `school.legislation.nope` (in `{{and-list school.legislation.nope}}`) has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
      'policies/p.md:11:70: error: `school.legislation.nada` (in `{{#if (is-penultimate 0 school.legislation.nada)}}`) has no value for school `s` (add it to schools/s.yaml or to the LA defaults, or wrap the placeholder in {{#if …}})',
    ]);
  });
});
