// `npm run screenshots [name ...]`: starts the real stack as the tests do, brings Chromium to every page type
// of test/support/page-tour.ts (or only the named ones) in each of its languages, and writes
// docs/screenshots/<name>-<language>.png (1000 px wide, at most 1800 px tall); then prints README's lines.
import { mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchBrowser } from '../test/support/browser';
import type { PageDocument } from '../test/support/page-dom';
import { pageKinds, Tour } from '../test/support/page-tour';
import { startStack } from '../test/support/stack';

const root = join(__dirname, '..');
const outDir = join(root, 'docs', 'screenshots');
const width = 1000;
const maxHeight = 1800;

// Inside page.evaluate the code runs in the page; this project's TypeScript has no DOM library.
declare const document: PageDocument;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !pageKinds.some((kind) => kind.name === name));
  if (unknown.length)
    throw new Error(
      `no page kind ${unknown.join(', ')}; the kinds are ${pageKinds.map((kind) => kind.name).join(', ')}`,
    );
  mkdirSync(outDir, { recursive: true });
  const stack = await startStack();
  const browser = await launchBrowser();
  const tour = new Tour(stack);
  const readme: string[] = [];
  let bytes = 0;
  try {
    for (const kind of pageKinds.filter((k) => only.length === 0 || only.includes(k.name))) {
      const images: string[] = [];
      for (const language of kind.languages) {
        // A short viewport, so the page's height (measured below) is its content's, not the window's.
        const context = await browser.newContext({
          locale: language,
          viewport: { width, height: 300 },
          deviceScaleFactor: 1,
        });
        try {
          const page = await context.newPage();
          await kind.open(tour, page, language);
          // The whole page, unless it is very long (the API description): then its top.
          const height: number = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.setViewportSize({ width, height: Math.min(height, maxHeight) });
          const file = join(outDir, `${kind.name}-${language}.png`);
          await page.waitForLoadState('networkidle');
          await page.screenshot({ path: file, animations: 'disabled' });
          bytes += statSync(file).size;
          images.push(
            `<img src="${relative(root, file)}" width="320" alt="${kind.description.replaceAll('"', '&quot;')} (${language})">`,
          );
          process.stdout.write(`${relative(root, file)}\n`);
        } finally {
          await context.close();
        }
      }
      readme.push(`| ${kind.description} | ${images.join(' ')} |`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  process.stdout.write(
    `\n${(bytes / 1024 / 1024).toFixed(1)} MB written. README's lines:\n\n| Page | Screens |\n| --- | --- |\n${readme.join('\n')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
