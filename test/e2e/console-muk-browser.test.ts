// An operator in a real browser (headless Debian Chromium, German): signs in to the console, starts a MUK
// connection with its form, and reports every event from the service portal with the case's buttons, which
// offer exactly what the case awaits, until the connection is done. The pages pass axe without a serious
// or critical violation.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

declare const axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null }> }> };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const { violations } = await page.evaluate(() => axe.run());
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id);
}

/** The event types the case page offers a form for. */
async function offered(page: Page): Promise<string[]> {
  return page
    .locator('form input[name=type]')
    .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

describeInBrowser('an operator runs a MUK connection from the console', function () {
  const stack = withStack();
  let browser: Browser;
  let portal: Server;
  let portalLoginUrl: string;

  before(async function () {
    // The municipality's portal login page, which the automated integration check reaches.
    portal = createServer((_req, res) => res.end('<html>Login</html>'));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    portalLoginUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/login`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    portal?.close();
  });

  it('starts the connection and sends its events from the console until it is done', async () => {
    // axe is injected as an inline script, which the pages' CSP (rightly) refuses.
    const page = await browser.newPage({ locale: 'de-DE', bypassCSP: true });
    await page.goto(`${stack.baseUrl}/console/start/muk`);
    // Not signed in: the sign-in, then back to the form.
    await page.getByLabel('Operator-Schlüssel').fill(stack.config.env.OPERATOR_API_KEY);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/console/start/muk');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel('Name der Kommune').fill('Bad Tölz');
    await page.getByLabel('Bundesland').selectOption('Bayern');
    await page.getByLabel('Adresse der Anmeldung am Serviceportal (NEZO-Login)').fill('bad-toelz.optigov.de');
    await page.getByLabel('Name (Stelle oder Person)').fill('Bürgerservice Bad Tölz');
    await page.locator('#municipality-support-email').fill('support@bad-toelz.de');
    await page.locator('#responsible-name').fill('Maria Muster');
    await page.locator('#responsible-email').fill('maria.muster@optigov.de');
    await page.getByRole('button', { name: 'MUK-Anschluss starten' }).click();
    // The address without its scheme is refused beside its field; the rest stays filled in.
    assert.match(await page.locator('#portalLoginUrl-error').innerText(), /https:\/\//);
    assert.equal(await page.locator('#responsible-name').inputValue(), 'Maria Muster');
    await page.getByLabel('Adresse der Anmeldung am Serviceportal (NEZO-Login)').fill(portalLoginUrl);
    await page.getByRole('button', { name: 'MUK-Anschluss starten' }).click();
    await page.waitForURL((url) => url.pathname === '/console/muk/bad-toelz-by');

    /** Reloads the case page until the process awaits `type` (it moves on in the background after a report). */
    const untilAwaited = (type: string) =>
      eventually(`the case awaiting ${type}`, async () => {
        if ((await offered(page)).includes(type)) return true;
        await page.reload();
        return undefined;
      });
    const report = async (button: string) => {
      await page.getByRole('button', { name: button }).click();
      await page.waitForURL((url) => url.searchParams.has('done'));
      assert.match(await page.locator('[role=status]').innerText(), new RegExp(`Gemeldet: ${button}`));
    };

    await untilAwaited('vorhaben-submitted');
    assert.deepEqual(await offered(page), ['vorhaben-submitted']);
    assert.match(await page.locator('.badge').innerText(), /Wartet auf das Absenden des Vorhabens/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Referenz aus dem Serviceportal').fill('VH-2025-0042');
    await report('Vorhaben wurde abgesendet');

    assert.deepEqual(await offered(page), ['vorhaben-confirmed', 'vorhaben-returned']);
    await report('Vorhaben wurde bestätigt');

    await untilAwaited('service-provider-created');
    assert.deepEqual(await offered(page), ['service-provider-created']);
    // The Service Provider is prepared: its metadata downloads with the console session.
    const metadata = await page.request.get(
      await page
        .getByRole('link', { name: /SAML-Metadaten/ })
        .getAttribute('href')
        .then((href) => `${stack.baseUrl}${href}`),
    );
    assert.equal(metadata.status(), 200);
    assert.match(await metadata.text(), /EntityDescriptor/);
    await page.locator('#service-provider-created-serviceProviderId').fill('SP-77');
    await report('Service Provider wurde angelegt');

    assert.deepEqual(await offered(page), ['service-provider-approved', 'service-provider-rejected']);
    await report('Service Provider wurde genehmigt');

    await untilAwaited('integration-tested');
    assert.deepEqual(await offered(page), ['integration-tested']);
    await page.getByLabel('Ergebnis').selectOption('passed');
    await report('Integrationstest wurde durchgeführt');

    await eventually('the connection done', async () => {
      if (/Fertig/.test(await page.locator('.badge').innerText())) return true;
      await page.reload();
      return undefined;
    });
    assert.deepEqual(await offered(page), []);
    const done = await stack.api('GET', '/api/muk/connections/bad-toelz-by');
    assert.equal(done.body.stage, 'done');
    assert.equal(done.body.serviceProvider.portalServiceProviderId, 'SP-77');
    const history = await page.locator('table').innerText();
    assert.match(history, /Vorhaben abgesendet\t[^\n]*\tVH-2025-0042/);
    assert.match(history, /Integration geprüft\t[^\n]*\tBestanden/);
    assert.doesNotMatch(history, /stage-changed|vorhaben-submitted|passed/);
  });
});
