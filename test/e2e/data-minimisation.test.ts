// The seed: login data is used only to identify the person, never shared with the organisation or
// stored. After a whole connection with logins, neither the provider's raw subject nor the person's
// CPR-like number is in the DB file, the logs or any workflow history. The register check compared the
// representative's identity by a keyed hash of the number, which is in no log either.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptionCodec, parseEncryptionKeys } from '../../config/codec';
import { identityDigest, identityDigestKey } from '../../config/identity-digest';
import { devPersonFor } from '../../dev/oidc-provider';
import { decodedPayloadsText, storedHistoryText } from '../support/history';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { debugLogCapture, withStack } from '../support/stack';

describe('data minimisation of logins', () => {
  const { logger, lines: logLines } = debugLogCapture();
  const stack = withStack({ logger });

  it('keeps no raw subject and no CPR number in the DB, the logs or the histories', async () => {
    const email = 'karen.holm@nordisk-test.dk';
    const person = devPersonFor(email);
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: 'Karen Holm', email },
    });
    const session = (await loginAs(stack.baseUrl, email)).cookie;
    const prepared = await postJson(
      actionLink(await waitForMail(stack, email)),
      { administrators: [{ name: 'Karen Holm', email }] },
      session,
    );
    const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion;
    assert.equal(
      (await postJson(prepared.body.next.url, { decision: 'approve', acceptTerms: true, termsVersion }, session))
        .status,
      200,
    );
    await stack.client.workflow.getHandle(started.body.workflowId).result();
    // The administrator's setup too: a second login whose subject the DB keeps, pseudonymised.
    const setup = await postJson(
      actionLink(await waitForMail(stack, email, (mail) => /Opsæt/.test(mail.subject))),
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      session,
    );
    assert.equal(setup.status, 200);

    // The number in either form, and the keyed hash's input, stay in the login callback.
    const secrets = [
      person.subject,
      person.cpr,
      `${person.cpr.slice(0, 6)}-${person.cpr.slice(6)}`,
      `cpr|${person.cpr}`,
    ];
    const digest = identityDigest(identityDigestKey(stack.config.env.PSEUDONYM_KEY), person.cpr)!;
    const files = readdirSync(stack.config.dataDir).filter((file) => file.startsWith('app.sqlite'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const bytes = readFileSync(join(stack.config.dataDir, file)).toString('latin1');
      for (const secret of secrets) assert.ok(!bytes.includes(secret), `${secret} found in ${file}`);
    }
    const logs = logLines.join('');
    assert.ok(logs.length > 0, 'logs were captured');
    for (const secret of [...secrets, digest]) assert.ok(!logs.includes(secret), `${secret} found in the logs`);

    const codec = new EncryptionCodec(parseEncryptionKeys(stack.config.env.PAYLOAD_ENCRYPTION_KEYS));
    let histories = 0;
    for await (const execution of stack.client.workflow.list()) {
      // Payloads are encrypted: they are decoded through the codec, so what a workflow carried is searched.
      const stored = await stack.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const history = storedHistoryText(stored) + (await decodedPayloadsText(stored, codec));
      assert.ok(history.includes('Nordisk Testfabrik'), 'payloads are readable to the search');
      histories += 1;
      for (const secret of secrets)
        assert.ok(!history.includes(secret), `${secret} found in the history of ${execution.workflowId}`);
    }
    assert.ok(histories >= 2, 'the connection and setup histories were searched');
  });
});
