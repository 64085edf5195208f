import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';

export interface YamlSource {
  file: string;
  /** Parsed value, or undefined when the YAML has errors. */
  value: unknown;
  diagnostics: Diagnostic[];
  /** Position of the value (or, with `key`, of the key) at a path like ['hr', 'contacts', 0, 'email']. */
  locate(path: readonly (string | number)[], key?: boolean): { line: number; column: number };
}

/**
 * Parses YAML keeping positions. `lineOffset` shifts reported lines when the YAML
 * is embedded in a larger file (front matter starts on line 2).
 */
export function readYaml(text: string, file: string, lineOffset = 0): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  // The first syntax error of a file is the real one; later ones are usually its echoes.
  const problem = doc.errors[0];
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0]);
    diagnostics.push(error(file, pos.line + lineOffset, pos.col, yamlMessage(problem.code, problem.message)));
  }
  let value: unknown;
  if (diagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      diagnostics.push(error(file, 1 + lineOffset, 1, `YAML could not be read: ${(e as Error).message}`));
    }
  }
  const locate = (path: readonly (string | number)[], key = false) => {
    const node = findNode(doc, path, key);
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  return { file, value, diagnostics, locate };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first} (each key may appear once)`;
  return `invalid YAML: ${first}`;
}

/** The deepest node that exists on the path, so a missing key points at its parent map. */
function findNode(doc: Document, path: readonly (string | number)[], key: boolean): YamlNode | undefined {
  let node: unknown = doc.contents;
  let found = node as YamlNode | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return found;
      if (key && i === path.length - 1) return pair.key as YamlNode;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      node = (node as { items: unknown[] }).items[Number(segment)];
    } else {
      return found;
    }
    if (node && typeof node === 'object' && 'range' in node) found = node as YamlNode;
    else return found;
  }
  return found;
}
