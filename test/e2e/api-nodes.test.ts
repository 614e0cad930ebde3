// Two API processes on one configuration, as two nodes behind a load balancer: whatever a person or an
// operator starts on one node holds on the other (a login's redirect and callback, the session, link
// clicks, the console's and the codec's logins), since it lives in the shared database or is signed with a
// key every node is given. The test stands in for the load balancer, choosing the node of each request.
// Rate limits are kept per node, as README's "Production shape" says: the last test shows what that means.
import assert from 'node:assert/strict';
import { sessionCookieName } from '../../api/session';
import { CookieJar, browse } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { startSystemProcesses, type ApiNode, type SystemProcesses } from '../support/system-processes';

const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
const soren = { name: 'Søren Aabye Kierkegaard', email: 'soren.kierkegaard@nordisk-test.dk' };

/** `url` (on PUBLIC_BASE_URL, as mails and redirects name it) as sent to one node by the load balancer. */
function on(node: string, url: string): string {
  const { pathname, search } = new URL(url);
  return `${node}${pathname}${search}`;
}

describe('two API nodes on one configuration', function () {
  this.timeout(180_000);
  let system: SystemProcesses;
  let nodeB: ApiNode;
  /** Node A is the system's own API, on PUBLIC_BASE_URL's port; node B answers on a port of its own. */
  let a: string;
  let b: string;

  before(async () => {
    system = await startSystemProcesses();
    nodeB = await system.startApiNode();
    a = system.baseUrl;
    b = nodeB.baseUrl;
  });
  after(() => system?.stop());

  /**
   * A browser's login through the dev provider: it starts on `start` (the login flow's cookie is set there),
   * the provider sends the browser back to PUBLIC_BASE_URL's callback, and the load balancer hands that to
   * `finish`. Returns the session cookie `finish` set.
   */
  async function loginAcross(person: { name: string; email: string }, start: string, finish: string): Promise<string> {
    const jar = new CookieJar();
    const callback = `${system.config.publicBaseUrl}/auth/callback`;
    const query = new URLSearchParams({ returnTo: '/auth/me', login_hint: person.email, name_hint: person.name });
    const { response, url } = await browse(jar, new URL(`/auth/login?${query}`, start), {
      until: (answer) => answer.headers.get('location')?.startsWith(callback) === true,
    });
    assert.equal(response.status, 303, `the provider sent the browser back (stopped at ${url.href})`);
    const landed = await fetch(on(finish, response.headers.get('location')!), {
      headers: { cookie: jar.header(new URL(start)) },
      redirect: 'manual',
    });
    assert.equal(landed.status, 303, await landed.text());
    assert.equal(landed.headers.get('location'), '/auth/me');
    const name = sessionCookieName(system.config);
    const session = landed.headers
      .getSetCookie()
      .map((header) => header.split(';')[0]!)
      .find((pair) => pair.startsWith(`${name}=`));
    assert.ok(session, 'the callback set a session cookie');
    return session;
  }

  it('completes a login started on node A on node B, and either node knows the session until it ends', async () => {
    const session = await loginAcross(karen, a, b);
    for (const node of [a, b])
      assert.deepEqual((await getJson(`${node}/auth/me`, session)).body, { loggedIn: true, name: karen.name });

    // Each node takes a state-changing call with a cookie from PUBLIC_BASE_URL's pages only, whatever its own port.
    const logoutFrom = (origin: string) =>
      fetch(`${b}/auth/logout`, { method: 'POST', headers: { cookie: session, origin } });
    assert.equal((await logoutFrom(b)).status, 403);
    assert.equal((await logoutFrom(system.config.publicBaseUrl)).status, 204);
    assert.deepEqual((await getJson(`${a}/auth/me`, session)).body, { loggedIn: false });
  });

  it('moves a connection by links clicked on either node, and a link used on one is used on the other', async () => {
    const started = await system.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', ...karen },
    });
    assert.equal(started.status, 201);
    const session = await loginAcross(karen, b, a);
    const prepareLink = actionLink(await waitForMail(system, karen.email));

    const shown = await getJson(on(a, prepareLink), session);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.step, 'prepare-connection');
    assert.equal(shown.body.loggedIn, true);
    const prepared = await postJson(on(b, prepareLink), { administrators: [soren] }, session);
    assert.equal(prepared.status, 200, JSON.stringify(prepared.body));
    assert.equal(
      (await postJson(on(a, prepareLink), { administrators: [soren] }, session)).body.error.code,
      'step_not_pending',
    );

    const approveLink = prepared.body.next.url as string;
    const approval = await getJson(on(a, approveLink), session);
    assert.equal(approval.body.step, 'approve-connection');
    const approved = await postJson(
      on(b, approveLink),
      { decision: 'approve', acceptTerms: true, termsVersion: approval.body.context.termsVersion },
      session,
    );
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'checking-company-register');
  });

  it("accepts the console's login made on node A on node B", async () => {
    const signedIn = await fetch(`${a}/console/login`, {
      method: 'POST',
      body: new URLSearchParams({ key: system.config.env.OPERATOR_API_KEY }),
      redirect: 'manual',
    });
    assert.equal(signedIn.status, 303);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    assert.equal((await fetch(`${b}/console`, { headers: { cookie }, redirect: 'manual' })).status, 200);
    const ping = await fetch(`${b}/api/ping`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: system.config.publicBaseUrl },
      body: '{}',
    });
    assert.equal(ping.status, 201);
    assert.equal((await fetch(`${b}/console`, { redirect: 'manual' })).status, 401);
  });

  it("accepts the codec's login made on node A on node B, and B decodes what A encoded", async () => {
    const login = await fetch(`${a}/codec/login`, {
      method: 'POST',
      body: new URLSearchParams({ key: system.config.env.OPERATOR_API_KEY }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const call = (node: string, direction: string, payloads: unknown[], headers: Record<string, string> = { cookie }) =>
      fetch(`${node}/codec/${direction}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ payloads }),
      });
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from(JSON.stringify({ email: karen.email })).toString('base64'),
    };
    const encoded = await call(a, 'encode', [plain]);
    assert.equal(encoded.status, 200);
    const { payloads } = (await encoded.json()) as { payloads: unknown[] };
    assert.equal((await call(b, 'decode', payloads, {})).status, 401);
    const decoded = await call(b, 'decode', payloads);
    assert.equal(decoded.status, 200);
    assert.deepEqual(((await decoded.json()) as { payloads: unknown[] }).payloads, [plain]);
  });

  it('counts rate limits per node: a client or a link refused on node A is still answered by node B', async () => {
    const ping = (node: string, key: string) =>
      fetch(`${node}/api/ping`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{}',
      });
    for (let attempt = 0; attempt < 10; attempt++) assert.equal((await ping(a, 'not-the-operator-key')).status, 401);
    const refused = await ping(a, system.config.env.OPERATOR_API_KEY);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    // Node B has counted none of them: N nodes allow a client up to N times a limit.
    assert.equal((await ping(b, 'not-the-operator-key')).status, 401);
    assert.equal((await ping(b, system.config.env.OPERATOR_API_KEY)).status, 201);

    // A link's 10 POSTs a minute likewise (counted before the token is checked, so any token will do).
    const click = (node: string) => postJson(`${node}/l/not-a-link`, {});
    for (let attempt = 0; attempt < 10; attempt++) assert.notEqual((await click(a)).status, 429);
    assert.equal((await click(a)).status, 429);
    assert.notEqual((await click(b)).status, 429);
  });
});
