// Headless Debian Chromium for the browser tests. On a developer's machine without it, a suite is skipped
// with one line saying what to install; in CI (CI set) a missing browser fails.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describeNeeding } from './optional-suite';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missingBrowser = existsSync(executablePath)
  ? undefined
  : `Chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`;

export function launchBrowser(): Promise<Browser> {
  if (missingBrowser) throw new Error(missingBrowser);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** `describe` for a suite that needs the browser, or one skipped line where it is missing outside CI. */
export function describeInBrowser(title: string, suite: (this: Mocha.Suite) => void): void {
  describeNeeding(missingBrowser, title, suite);
}
