import { strict as assert } from 'node:assert';
import { startBareApp, type BareApp } from '../support/bare-app';

describe('console sign-in', () => {
  let app: BareApp;
  before(async () => {
    app = await startBareApp();
  });
  after(() => app.close());

  const signIn = (key: string, returnTo = '/console/cases?stage=awaiting-approval') =>
    fetch(`${app.baseUrl}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ key, returnTo }),
    });

  it('answers a visitor without a session with the sign-in form in place, which returns to the page', async () => {
    const page = await fetch(`${app.baseUrl}/console/cases?stage=awaiting-approval`, { redirect: 'manual' });
    assert.equal(page.status, 401);
    const form = await page.text();
    assert.match(form, /<input type="hidden" name="returnTo" value="\/console\/cases\?stage=awaiting-approval">/);
    assert.match(form, /<label for="key">/);
    const post = await fetch(`${app.baseUrl}/console/cases/connection-dk-1/cancel`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ reason: 'x' }),
    });
    assert.equal(post.status, 401);
    assert.match(await post.text(), /name="returnTo" value="\/console"/);

    const signedIn = await signIn('dev-operator-key');
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/console/cases?stage=awaiting-approval');
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^console=[^;]+;.*HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(cookie, /dev-operator-key/);
  });

  it('refuses a wrong key with the form again, and a return to another site', async () => {
    const wrong = await signIn('not-the-key');
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /That is not the operator key\./);
    const elsewhere = await signIn('dev-operator-key', '//evil.example/console');
    assert.equal(elsewhere.headers.get('location'), '/console');
  });

  it('lets the console session call the operator API, and refuses it from another origin', async () => {
    const cookie = (await signIn('dev-operator-key')).headers.get('set-cookie')!.split(';')[0]!;
    const org = await fetch(`${app.baseUrl}/api/organizations/dk-12345678`, { headers: { cookie } });
    assert.equal(org.status, 404, 'signed in: the organisation is looked up (and unknown)');
    const anonymous = await fetch(`${app.baseUrl}/api/organizations/dk-12345678`);
    assert.equal(anonymous.status, 401);
    const forged = await fetch(`${app.baseUrl}/api/terms`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(forged.status, 403);
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'cross_origin_request');
  });

  it('ends the session at logout', async () => {
    const out = await fetch(`${app.baseUrl}/console/logout`, { method: 'POST', redirect: 'manual' });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /^console=;/);
  });
});
