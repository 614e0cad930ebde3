// The Temporal Web UI as `npm start` runs it (the dev server's UI with `--ui-codec-endpoint <api>/codec`):
// in development it shows a workflow's encrypted input decoded, with no codec login and no error banner;
// production keeps the codec behind the operator's credentials.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { codecCorsOrigins } from '../../api/codec';
import { startDevServer, type DevServer } from '../../dev/temporal-dev-server';
import { startBareApp } from '../support/bare-app';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { freePort } from '../support/ports';
import { productionEnv } from '../support/production-env';
import { withStack } from '../support/stack';

const lars = { name: 'Lars Nielsen', email: 'lars.nielsen@fjordhavn-test.dk' };

/** The codec call the Web UI makes: JSON, the namespace header, its origin, no credentials. */
const decodeAsTheUi = (baseUrl: string, origin: string, payloads: unknown[] = []) =>
  fetch(`${baseUrl}/codec/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin },
    body: JSON.stringify({ payloads }),
  });

describe('the Temporal Web UI and the codec server', () => {
  let temporal: DevServer | undefined;
  let workflowId: string;

  // A dev server whose Web UI is pointed at the API's codec: the API's port is chosen before either starts.
  const stack = withStack(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-web-ui-'));
    const apiPort = await freePort();
    const uiPort = await freePort();
    temporal = await startDevServer({
      dbFile: join(dataDir, 'temporal.sqlite'),
      port: await freePort(),
      uiPort,
      codecEndpoint: `http://127.0.0.1:${apiPort}/codec`,
    });
    return { dataDir, temporal, port: apiPort, env: { TEMPORAL_UI_PORT: String(uiPort) } };
  });
  before(async () => {
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Fjordhavn Logistik A/S', kind: 'company', country: 'DK', cvr: '87654321' },
      initiator: { role: 'representative', ...lars },
    });
    assert.equal(started.status, 201);
    workflowId = started.body.workflowId;
  });
  after(async () => {
    await temporal?.stop();
  });

  it("decodes in development for the UI's own origins without credentials, and for no other origin", async () => {
    const { payloads } = (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!.input!;
    const json = payloads!.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    }));
    const uiOrigin = new URL(stack.temporal.uiUrl!).origin;
    const fromUi = await decodeAsTheUi(stack.baseUrl, uiOrigin, json);
    assert.equal(fromUi.status, 200);
    assert.equal(fromUi.headers.get('access-control-allow-origin'), uiOrigin);
    const body = (await fromUi.json()) as { payloads: Array<{ data: string }> };
    assert.equal(JSON.parse(Buffer.from(body.payloads[0]!.data, 'base64').toString()).initiator.email, lars.email);
    assert.equal((await decodeAsTheUi(stack.baseUrl, 'https://evil.example', json)).status, 401);
  });

  it("refuses the UI's origin without credentials in production", async () => {
    const app = await startBareApp(productionEnv);
    try {
      for (const uiOrigin of codecCorsOrigins(app.deps.config))
        assert.equal((await decodeAsTheUi(app.baseUrl, uiOrigin)).status, 401);
    } finally {
      await app.close();
    }
  });

  describeInBrowser('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    it("shows the workflow's input decoded and no codec error", async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${stack.temporal.uiUrl}/namespaces/default/workflows/${workflowId}`);
        await page.getByText(lars.email).first().waitFor({ timeout: 60_000 });
        assert.equal(await page.getByText(/Codec Server could not connect/i).count(), 0);
        assert.doesNotMatch(await page.locator('body').innerText(), /binary\/encrypted/);
      } finally {
        await page.close();
      }
    });
  });
});
