import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxError, openDocx } from '../../src/import/docx-package.ts';
import { docx, para } from '../helpers/docx.ts';

describe('openDocx', () => {
  const fails = (bytes: Uint8Array) => {
    try {
      openDocx(bytes, 'policy.docx');
    } catch (e) {
      expect(e).toBeInstanceOf(DocxError);
      return (e as Error).message;
    }
    throw new Error('opened');
  };

  it('opens a package and reads its parts as text', () => {
    const pkg = openDocx(docx(para('Hello')), 'policy.docx');
    expect(pkg.text('word/document.xml')).toContain('Hello');
    expect(pkg.text('word/none.xml')).toBeUndefined();
  });

  it('an empty file, text, and a damaged zip are each one clear message', () => {
    expect(fails(new Uint8Array())).toBe('policy.docx is empty (0 bytes): not a Word document');
    expect(fails(strToU8('# Not Word\n'))).toMatch(/not a Word document \(\.docx\): it is not a zip package/);
    const good = docx(para('Hello'));
    expect(fails(good.slice(0, Math.floor(good.length / 2)))).toMatch(/is a damaged zip package .*save it again/);
  });

  it('a password-protected document (an OLE compound file) says it is encrypted', () => {
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(fails(cfb)).toMatch(/encrypted \(password-protected\) or an old binary Word document/);
  });

  it('a zip that is not a Word document names what is missing', () => {
    expect(fails(zipSync({ 'content.xml': strToU8('<office:document/>') }))).toMatch(/has no word\/document\.xml/);
  });
});
