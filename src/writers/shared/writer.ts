import type { Edition } from '../../document/types.ts';

/** A writer turns one edition's document tree into the bytes of one file. */
export interface Writer {
  /** The format's name in the registry (../registry.ts). */
  format: string;
  write(edition: Edition): Uint8Array | Promise<Uint8Array>;
  /** Frees what the writer holds (a compiler, a worker); called once at the end of a run. */
  close?(): void | Promise<void>;
}

/**
 * Options that change a writer's output, by the option's key in the registry
 * (`pdfStandard`), as given on the command line; part of every edition's input hash.
 */
export type WriterOptions = Readonly<Record<string, string>>;
