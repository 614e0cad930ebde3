// The dev login provider: a real OpenID Connect provider (oidc-provider) standing in for "private MitID".
// A `login_hint=<email>` logs that person in without a form; without it, a small login page asks for
// an e-mail. Every e-mail is a test person whose subject, name and CPR-like number derive from it; a
// `name_hint` (or the page's name field) gives that person the name a real login would verify.
import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { escapeHtml } from '../activities/mail/html';

export interface DevOidcProviderOptions {
  port: number;
  host?: string;
  /** Defaults to `http://<host>:<port>`. */
  issuer?: string;
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
}

export interface DevOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

export interface DevPerson {
  subject: string;
  name: string;
  email: string;
  cpr: string;
}

const namedTestPersons: Record<string, string> = {
  'anna@example.dk': 'Anna Jensen',
  'lars@example.dk': 'Lars Nielsen',
  'mette@example.dk': 'Mette Sørensen',
  'maria@example.de': 'Maria Schmidt',
};

function normalizeEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+$/.test(email) ? email : undefined;
}

function nameFromLocalPart(email: string): string {
  const words = email
    .split('@')[0]!
    .split(/[._+-]+/)
    .filter(Boolean);
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ') || email;
}

function normalizeName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.replace(/\s+/g, ' ').trim();
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  return name.length > 0 && name.length <= 200 && !/[\u0000-\u001f<>]/.test(name) ? name : undefined;
}

/** The test person an e-mail stands for: the same e-mail always gives the same subject and CPR; `name` overrides the name. */
export function devPersonFor(email: string, name?: string): DevPerson {
  const digest = createHash('sha256').update(email).digest();
  const day = String((digest[0]! % 28) + 1).padStart(2, '0');
  const month = String((digest[1]! % 12) + 1).padStart(2, '0');
  const year = String(digest[2]! % 100).padStart(2, '0');
  const serial = String(digest.readUInt16BE(3) % 10_000).padStart(4, '0');
  return {
    subject: `dev-${digest.toString('hex').slice(0, 20)}`,
    name: name ?? namedTestPersons[email] ?? nameFromLocalPart(email),
    email,
    cpr: `${day}${month}${year}${serial}`,
  };
}

// oidc-provider ships no type declarations; these are the parts used here.
interface InteractionDetails {
  params: Record<string, unknown>;
}
interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  Grant: new (properties: { accountId: string; clientId: string }) => Grant;
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): void;
}
interface OidcProviderModule {
  Provider: new (issuer: string, configuration: object) => Provider;
}

const SESSION_COOKIE = 'dev_login_session';

/** Like MitID, the dev provider remembers no login: every authorization asks anew, so one browser can switch persons. */
function withoutProviderSession(cookieHeader: string | undefined): string | undefined {
  return cookieHeader
    ?.split(';')
    .filter((part) => !part.trim().startsWith(`${SESSION_COOKIE}=`) && !part.trim().startsWith(`${SESSION_COOKIE}.`))
    .join(';');
}

/** oidc-provider prints notices (runtime, in-memory adapter) while loading and constructing; the dev provider stays quiet. */
function withoutConsoleNotices<T>(action: () => T): T {
  const { warn, info } = console;
  console.warn = () => {};
  console.info = () => {};
  try {
    return action();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

function loginPage(action: string, problem?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev login (private MitID stand-in)</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}label,input,button{display:block;margin:.5rem 0}</style></head>
<body><h1>Dev login</h1><p>Stand-in for private MitID. Any e-mail logs in as a test person.</p>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="email">E-mail</label><input id="email" name="email" type="email" required autofocus>
<label for="name">Full name (optional: the name MitID would verify)</label><input id="name" name="name" type="text">
<button type="submit">Log in</button></form></body></html>`;
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) break;
  }
  return new URLSearchParams(body);
}

async function signingKeys(): Promise<object[]> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }];
}

export async function startDevOidcProvider(options: DevOidcProviderOptions): Promise<DevOidcProvider> {
  const host = options.host ?? '127.0.0.1';
  const issuer = options.issuer ?? `http://${host}:${options.port}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, muffled: it prints notices as it loads
  const { Provider } = withoutConsoleNotices(() => require('oidc-provider') as OidcProviderModule);
  const persons = new Map<string, DevPerson>();

  const configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Not OIDC: the dev stand-in's way to give a test person the name a step was sent to.
    extraParams: ['name_hint'],
    // The dev provider hands out e-mail and CPR with `profile`, as a MitID broker might, so tests can
    // prove the app keeps none of it; they go into the ID token so the app needs no userinfo call.
    claims: { openid: ['sub'], profile: ['name', 'email', 'cpr'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    jwks: { keys: await signingKeys() },
    cookies: { keys: [randomBytes(32).toString('base64url')], names: { session: SESSION_COOKIE } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    clientBasedCORS: () => false,
    findAccount: (_ctx: unknown, sub: string) => {
      const person = persons.get(sub);
      return (
        person && { accountId: sub, claims: () => ({ sub, name: person.name, email: person.email, cpr: person.cpr }) }
      );
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Dev login error</title><h1>Dev login error</h1><p>${escapeHtml(`${out.error}: ${out.error_description ?? ''}`)}</p>`;
    },
  };
  const provider = withoutConsoleNotices(() => new Provider(issuer, configuration));
  provider.on('server_error', (_ctx, error) => process.stderr.write(`dev login provider: ${error.message}\n`));
  const handleProviderRequest = provider.callback();

  /** Logs the person in and grants what the client asked for in the same step, so no consent page follows. */
  async function finishLogin(
    req: IncomingMessage,
    res: ServerResponse,
    details: InteractionDetails,
    person: DevPerson,
  ): Promise<void> {
    persons.set(person.subject, person);
    const grant = new provider.Grant({ accountId: person.subject, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.subject }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendPage(
        res,
        400,
        '<!doctype html><title>Login expired</title><p>This login has expired. Start again from the application.</p>',
      );
      return;
    }
    const hinted = normalizeEmail(details.params.login_hint);
    if (req.method === 'GET' && hinted)
      return finishLogin(req, res, details, devPersonFor(hinted, normalizeName(details.params.name_hint)));
    if (req.method === 'POST') {
      const form = await readForm(req);
      const email = normalizeEmail(form.get('email'));
      if (email) return finishLogin(req, res, details, devPersonFor(email, normalizeName(form.get('name'))));
      return sendPage(res, 422, loginPage(path, 'Enter an e-mail address such as anna@example.dk.'));
    }
    sendPage(res, 200, loginPage(path));
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    req.headers.cookie = withoutProviderSession(req.headers.cookie);
    if (!/^\/interaction\/[\w-]+$/.test(path)) return void handleProviderRequest(req, res);
    handleInteraction(req, res, path).catch((error: Error) => {
      process.stderr.write(`dev login provider: ${error.message}\n`);
      if (!res.headersSent) sendPage(res, 500, '<!doctype html><title>Error</title><p>The dev login failed.</p>');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });

  return {
    issuer,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
