// Every page type (test/support/page-tour.ts) in Chromium on the real stack: axe-core finds no serious or
// critical WCAG 2.1 A/AA violation, and Tab reaches every interactive control, in document order.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../support/browser';
import type { PageDocument, PageElement } from '../support/page-dom';
import { pageKinds, Tour } from '../support/page-tour';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const axePath = require.resolve('axe-core');

// Inside page.evaluate the code runs in the page; this project's TypeScript has no DOM library.
declare const document: PageDocument;
declare const window: {
  axe: { run(context: PageDocument, options: object): Promise<{ violations: AxeViolation[] }> };
  getSelection(): { removeAllRanges(): void } | null;
  performance: { getEntriesByType(type: 'navigation'): Array<{ responseStatus: number }> };
};

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result: { violations: AxeViolation[] } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target: target.map(String), failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function readable(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}\n  ${v.helpUrl}`,
    )
    .join('\n');
}

/**
 * The interactive controls a keyboard user must reach, in document order (one per radio group: Tab stops
 * at its checked or first button, arrows move inside), each marked with its index; and a description.
 */
async function markFocusable(page: Page): Promise<string[]> {
  // No named functions in here: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const selector =
      'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
    const radioStops = new Map<string, PageElement>();
    const candidates = [...document.querySelectorAll(selector)].filter((el) => {
      if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) return false;
      // Off-screen (the skip link) still counts; hidden or inside a closed <details> does not.
      if (!el.checkVisibility({ visibilityProperty: true })) return false;
      if (el.tagName === 'INPUT' && el.type === 'radio') {
        const stop = radioStops.get(`${el.form?.id ?? ''}|${el.name}`);
        if (!stop || (!stop.checked && el.checked)) radioStops.set(`${el.form?.id ?? ''}|${el.name}`, el);
      }
      return true;
    });
    const stops = candidates.filter(
      (el) =>
        !(el.tagName === 'INPUT' && el.type === 'radio') || radioStops.get(`${el.form?.id ?? ''}|${el.name}`) === el,
    );
    return stops.map((el, index) => {
      el.setAttribute('data-keyboard-stop', String(index));
      const name: string =
        el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 40) || el.getAttribute('name') || '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`;
    });
  });
}

// Chromium's PDF viewer draws its toolbar in shadow roots; this probe, given as text so it runs unchanged in
// the viewer's frame, says whether a keyboard stop exists there yet.
const viewerHasControls = `(() => {
  const hasStop = (root) => [...root.querySelectorAll('*')].some((el) => el.tabIndex >= 0 || (el.shadowRoot && hasStop(el.shadowRoot)));
  return document.readyState === 'complete' && hasStop(document);
})()`;

/**
 * Waits until each embedded PDF has its viewer's controls: before that Tab skips the empty frame, and whether
 * it does depends on how fast the viewer started (networkidle does not wait for it).
 */
async function pdfViewersReady(page: Page): Promise<void> {
  const embedded = await page.locator('iframe').count();
  if (embedded === 0) return;
  await eventually(`${embedded} PDF viewer(s) with controls on ${page.url()}`, async () => {
    const viewers = page.frames().filter((frame) => frame.url().startsWith('chrome-extension://'));
    if (viewers.length < embedded) return false;
    const ready = await Promise.all(viewers.map((frame) => frame.evaluate(viewerHasControls).catch(() => false)));
    return ready.every(Boolean);
  });
}

/** Where focus is: the marked stop it is in, -1 for an unmarked element, null for none (it left the page). */
async function focusedStop(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return null;
    const marked = active.closest('[data-keyboard-stop]');
    return marked ? Number(marked.getAttribute('data-keyboard-stop')) : -1;
  });
}

/** Presses Tab from the top of the page until focus leaves it or comes round again: the stops it visits. */
async function tabStops(page: Page, controls: string[]): Promise<number[]> {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.getSelection()?.removeAllRanges();
  });
  const visited: number[] = [];
  // A frame's own controls (a PDF viewer's toolbar) take presses of their own before focus comes back out.
  for (let press = 0; press < controls.length + 60; press++) {
    await page.keyboard.press('Tab');
    let stop = await focusedStop(page);
    // Focus crosses into the PDF viewer's frame (another process) after the key press has returned: until it
    // lands, the page's focus is nowhere. Wait for it to land before taking that for focus leaving the page.
    if (stop === null && controls[visited.length]?.startsWith('iframe')) {
      const landed = await page
        .waitForFunction(() => document.activeElement !== document.body, undefined, { timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (landed) stop = await focusedStop(page);
    }
    if (stop === null || (visited.length > 0 && stop === visited[0])) break;
    if (visited[visited.length - 1] !== stop) visited.push(stop);
  }
  return visited;
}

describeInBrowser('accessibility of every page type (axe-core, keyboard)', function () {
  const stack = withStack();
  let browser: Browser;
  let tour: Tour;

  before(async function () {
    browser = await launchBrowser();
    tour = new Tour(stack);
  });
  after(async () => {
    await browser?.close();
  });

  for (const kind of pageKinds) {
    for (const language of kind.languages) {
      it(`${kind.name} (${language}): ${kind.description}`, async () => {
        // Axe is injected as a script of its own, which the pages' CSP (script-src 'self') would refuse.
        const context = await browser.newContext({ locale: language, bypassCSP: true });
        try {
          const page = await context.newPage();
          await kind.open(tour, page, language);
          // Frames (the PDF viewer) finish loading before anything is checked.
          await page.waitForLoadState('networkidle');
          const status = await page.evaluate(
            () => window.performance.getEntriesByType('navigation')[0]?.responseStatus,
          );
          assert.equal(status, kind.status ?? 200, `${page.url()} answered ${status}`);
          const violations = await seriousViolations(page);
          assert.equal(
            violations.length,
            0,
            `serious or critical violations on ${page.url()}:\n${readable(violations)}`,
          );

          await pdfViewersReady(page);
          const controls = await markFocusable(page);
          const reached = await tabStops(page, controls);
          const expected = controls.map((_, index) => index);
          const describe = (stops: number[]) =>
            stops.map((stop) => (stop < 0 ? 'an unlisted element' : controls[stop])).join('\n    ');
          assert.deepEqual(
            reached,
            expected,
            `Tab on ${page.url()} reached\n    ${describe(reached)}\n  but the controls are\n    ${describe(expected)}`,
          );
        } finally {
          await context.close();
        }
      });
    }
  }
});
