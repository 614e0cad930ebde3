// Logs a person in through the real OIDC flow (API -> dev login provider -> API callback) as a browser
// would: following every redirect by hand and keeping each host's cookies apart.
import assert from 'node:assert/strict';
import { sessionCookieName } from '../../api/session';
import { loadConfig } from '../../config/env';
import type { Db } from '../../db/open';
import { tables } from '../../db/tables';

/** The test stacks run outside production, where the session cookie has its bare name. */
const SESSION_COOKIE = sessionCookieName(loadConfig({ NODE_ENV: 'test' }));

const MAX_REDIRECTS = 20;

/** Cookies per host (host:port), without paths: enough for the API and the dev login provider. */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  store(url: URL, response: Response): void {
    const cookies = this.hosts.get(url.host) ?? new Map<string, string>();
    this.hosts.set(url.host, cookies);
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.split('=').map((part) => part.trim());
        if (/^max-age$/i.test(key)) return Number(setting) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  get(url: URL, name: string): string | undefined {
    return this.hosts.get(url.host)?.get(name);
  }

  header(url: URL): string {
    return [...(this.hosts.get(url.host) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * The node a request is sent to: a load balancer's choice for a URL on the public address. The browser (its
 * cookies, the URLs it follows) sees only `url`.
 */
export type Route = (url: URL) => URL;

export interface BrowseOptions {
  /** For the first request only, e.g. a form POST; every redirect is a GET. */
  method?: string;
  form?: Record<string, string>;
  /** Stop after the response this accepts instead of following its redirect. */
  until?: (response: Response, url: URL) => boolean;
  /** Where each request goes (default: where it is addressed). */
  route?: Route;
}

/** Requests `start` and follows redirects across hosts with `jar`; returns the last response, body unread. */
export async function browse(
  jar: CookieJar,
  start: URL,
  options: BrowseOptions = {},
): Promise<{ url: URL; response: Response }> {
  let url = start;
  let init: RequestInit = options.form
    ? {
        method: options.method ?? 'POST',
        body: new URLSearchParams(options.form),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }
    : { method: options.method ?? 'GET' };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers = {
      ...(init.headers as Record<string, string>),
      accept: 'text/html,*/*;q=0.8',
      cookie: jar.header(url),
    };
    const response = await fetch(options.route?.(url) ?? url, { ...init, headers, redirect: 'manual' });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location || options.until?.(response, url))
      return { url, response };
    await response.body?.cancel();
    url = new URL(location, url);
    init = { method: 'GET' };
  }
  throw new Error(`${start.href} did not settle within ${MAX_REDIRECTS} redirects`);
}

/**
 * Logs a person in with `login_hint` (the dev provider asks nothing) and returns the API's `Cookie` header
 * value for that session, and the URL the flow ended at (`returnTo` on the API, or `/` when refused).
 * A `{ email, name }` logs in a test person whose verified name is `name` (as a step's recipient), an
 * e-mail alone the dev provider's fixture person or a name made from the e-mail. `route`: the API node each
 * request of the flow goes to, as a load balancer in front of several would choose.
 */
export async function loginAs(
  baseUrl: string,
  person: string | { email: string; name?: string },
  returnTo = '/auth/me',
  route?: Route,
): Promise<{ cookie: string; finalUrl: string }> {
  const { email, name } = typeof person === 'string' ? { email: person, name: undefined } : person;
  const api = new URL(baseUrl);
  const jar = new CookieJar();
  const query = new URLSearchParams({ returnTo, login_hint: email, ...(name ? { name_hint: name } : {}) });
  const { url, response } = await browse(jar, new URL(`/auth/login?${query}`, api), { route });
  const body = await response.text();
  if (url.host !== api.host || !jar.get(api, SESSION_COOKIE)) {
    throw new Error(
      `login of ${email} stopped at ${response.status} ${url.origin}${url.pathname}: ${body.slice(0, 300)}`,
    );
  }
  return { cookie: jar.header(api), finalUrl: url.href };
}

/** The pseudonymous subject the login of the person named `name` yielded, read from their session's row. */
export async function subjectOfSession(db: Db, name: string): Promise<string> {
  const { sessions } = tables(db);
  const found = (await db.select({ data: sessions.data }).from(sessions))
    .map((row) => JSON.parse(row.data) as { subject: string; name: string })
    .find((session) => session.name === name);
  assert.ok(found, `no session of ${name}`);
  return found.subject;
}
