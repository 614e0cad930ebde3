// No data reaches a page or an e-mail unescaped, whatever its shape: the markup tag trusts only what it built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mailHtml from '../../activities/mail/html';
import { markup, Markup } from '../../activities/mail/html';
import { renderEmail } from '../../activities/mail/render';
import * as jsx from '../../api/pages/jsx';
import { renderStepPage, renderWrongPersonPage } from '../../api/pages/step-page';
import { mailDir, mailFile, mailIndexFile, type StoredMail } from '../../dev/mail-store';
import type { PendingStepView } from '../../workflows/process.messages';
import { startBareApp } from '../support/bare-app';

const script = '<script>alert(1)</script>';
/** Data shaped like the old trusted markup: `{ html }` from a workflow's context or a request body. */
const forged = { html: script };

function assertEscaped(html: string): void {
  assert.ok(!/<script/i.test(html), 'a <script> tag got through');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the data is shown, escaped');
}

describe('markup', () => {
  it('escapes every interpolation, in arrays too, and an object that merely has an html string', () => {
    assert.equal(markup`<p>${script}</p>`.html, '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(
      markup`<p>${[script, markup`<b>ok</b>`]}</p>`.html,
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;<b>ok</b></p>',
    );
    assert.equal(markup`<p>${forged}</p>`.html, '<p>[object Object]</p>', 'forged markup is data');
    assert.equal(markup`<p>${[forged]}</p>`.html, '<p>[object Object]</p>', 'forged markup in an array is data');
  });

  it('has no way to make markup from a string but the tag', () => {
    const built = markup`<b>x</b>`;
    assert.throws(() => new Markup(Symbol('markup'), script), TypeError);
    assert.throws(() => Reflect.construct(built.constructor, [Symbol('markup'), script]), TypeError);
    assert.ok(!Markup.isMarkup(Object.create(Markup.prototype)), 'a bare prototype object is not markup');
    assert.deepEqual(Object.keys(mailHtml).sort(), ['Markup', 'escapeHtml', 'markup']);
    assert.deepEqual(Object.keys(jsx).sort(), ['Fragment', 'documentHtml', 'h']);
  });

  it('JSX escapes text and attribute values, and refuses names that are not names', () => {
    const element = jsx.h(
      'a',
      { href: `"${script}`, title: forged, hidden: true, lang: false },
      script,
      [forged as unknown as string],
      jsx.h('b', null, 'ok'),
    );
    assert.equal(
      element.html,
      `<a href="&quot;&lt;script&gt;alert(1)&lt;/script&gt;" title="[object Object]" hidden>&lt;script&gt;alert(1)&lt;/script&gt;[object Object]<b>ok</b></a>`,
    );
    assert.equal(jsx.h('input', { value: script }).html, '<input value="&lt;script&gt;alert(1)&lt;/script&gt;">');
    assert.throws(() => jsx.h('img src=x onerror=alert(1)', null), TypeError);
    assert.throws(() => jsx.h('p', { 'onclick="x"': 1 }), TypeError);
  });
});

describe('pages and e-mails with hostile data', () => {
  const pending = {
    step: 'approve-connection',
    recipient: { name: script, email: 'a@b.dk' },
    since: '2030-01-01T00:00:00.000Z',
    expiresAt: '2030-01-15T00:00:00.000Z',
    remindersSent: 0,
    context: { organizationName: script, administrators: [{ name: forged, email: script }] },
    acceptsDocuments: true,
    requiresLogin: true,
  } as unknown as PendingStepView;

  it('escapes the step page, logged in and not', () => {
    for (const person of [undefined, { name: script }]) {
      const html = renderStepPage({
        language: 'da',
        step: 'approve-connection',
        actionPath: '/l/x',
        expiresAt: pending.expiresAt,
        pending,
        person,
        loginUrl: '/auth/login',
        organizationName: script,
      });
      assert.ok(!/<script/i.test(html), `a <script> tag got through (${person ? 'logged in' : 'anonymous'})`);
    }
    assertEscaped(renderWrongPersonPage('en', script, script));
  });

  it('escapes an e-mail built from hostile vars', () => {
    const rendered = renderEmail('step-invitation', 'en', {
      step: 'approve-connection',
      recipientName: script,
      organizationName: script,
      actionUrl: 'http://127.0.0.1/l/x',
      expiresAt: pending.expiresAt,
    });
    assertEscaped(rendered.html);
  });

  it('escapes the dev mailbox page: subject, recipient, text, links and the query', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'html-dev-mail-'));
    const dir = mailDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const mail: StoredMail = {
      id: 'm1',
      messageId: '<m1@x>',
      to: ['a@b.dk'],
      subject: script,
      text: script,
      links: [`http://x/"><script>alert(1)</script>`],
      receivedAt: script,
    };
    writeFileSync(mailFile(dir, mail.id, 'json'), JSON.stringify(mail));
    writeFileSync(
      join(dir, mailIndexFile),
      `${JSON.stringify({ id: mail.id, messageId: mail.messageId, to: mail.to, receivedAt: mail.receivedAt })}\n`,
    );
    const app = await startBareApp({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    try {
      const response = await fetch(`${app.baseUrl}/dev/mail?to=${encodeURIComponent('a@b.dk')}`);
      assert.equal(response.status, 200);
      assertEscaped(await response.text());
      const query = await (
        await fetch(`${app.baseUrl}/dev/mail?to=${encodeURIComponent(`"><script>alert(1)</script>`)}`)
      ).text();
      assert.ok(!/<script/i.test(query));
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
