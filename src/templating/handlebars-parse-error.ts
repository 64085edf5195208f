import Handlebars from 'handlebars';

/*
 * A patch of Handlebars' internals, kept to this file. Checked against handlebars 4.7.10.
 *
 * Handlebars' generated (Jison) parser reports a syntax error by calling
 * `Parser.parseError(message, hash)`, whose default throws an Error that keeps only the
 * message: the line and column in `hash` are lost. policyc reports every mistake as
 * file:line:col, so `parseError` is replaced by one that throws the same message with
 * `hash` attached. A Handlebars without `Parser.parseError` keeps its own (errors then
 * fall back to the line Handlebars prints in its message).
 */
export interface ParseFailure extends Error {
  hash?: { line?: number; loc?: { first_line: number; first_column: number } };
}

const parser = (Handlebars as unknown as { Parser?: { parseError?: (message: string, hash: unknown) => never } }).Parser;
if (parser && typeof parser.parseError === 'function') {
  parser.parseError = (message, hash) => {
    const e: ParseFailure = new Error(message);
    e.hash = hash as ParseFailure['hash'];
    throw e;
  };
}
