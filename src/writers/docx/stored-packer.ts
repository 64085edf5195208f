import { Packer } from 'docx';

interface Compiled {
  generateAsync(options: { type: 'arraybuffer'; compression: 'STORE' }): Promise<ArrayBuffer>;
}
type Compile = (file: unknown, prettify: unknown, overrides: unknown) => Compiled;

let installed = false;

/*
 * A patch of docx's internals, kept to this file. Checked against docx 9.7.1 (the
 * version remark-docx 0.3.29 pins, and so policyc's pin in package.json).
 */

/**
 * remark-docx hands its Document to `Packer.toArrayBuffer`, which deflates every
 * part; the writer then opens that zip again to finish the package and writes the
 * final, deterministic zip itself. Deflating twice cost about a third of a DOCX
 * edition, so in a policyc process `toArrayBuffer` stores the parts uncompressed.
 * The writer's output is byte-for-byte the same either way; only policyc's
 * writer uses the docx library in its processes.
 */
export function storeWhenPacking(): void {
  if (installed) return;
  const compiler = (Packer as unknown as { compiler?: { compile: Compile } }).compiler;
  if (typeof compiler?.compile !== 'function') return; // a docx version without it: keep deflating
  const compile = compiler.compile.bind(compiler);
  Packer.toArrayBuffer = ((file: unknown, prettify?: unknown, overrides: unknown = []) =>
    compile(file, prettify, overrides).generateAsync({ type: 'arraybuffer', compression: 'STORE' })) as typeof Packer.toArrayBuffer;
  installed = true;
}
