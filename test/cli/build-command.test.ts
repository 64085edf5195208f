import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, scratchProject } from '../helpers/project.ts';

describe('policyc build and SOURCE_DATE_EPOCH', () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it('refuses a value it cannot use, before anything is written, rather than record another date', async () => {
    for (const bad of ['now', '-1', '1.5', '999999999999']) {
      const dir = scratchProject();
      process.env.SOURCE_DATE_EPOCH = bad;
      const result = await cli(dir, 'build', '--format', 'html');
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toContain(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 from 0 to 253402300799 (31 December 9999), got \`${bad}\``);
      expect(existsSync(join(dir, 'dist')), bad).toBe(false);
    }
  });

  it('builds with the last second of year 9999', async () => {
    const dir = scratchProject();
    process.env.SOURCE_DATE_EPOCH = '253402300799';
    const result = await cli(dir, 'build', '--format', 'html', '--quiet');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
