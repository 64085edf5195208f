import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { hasClient } from './clients.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Debian's Chromium is there (under CI=true its absence is a failure, not a skip). */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  return hasClient('chromium');
}

/** Headless Debian Chromium, never a downloaded browser; no network beyond file:// pages. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
