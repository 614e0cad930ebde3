// Login with private MitID: OpenID Connect authorization code flow with PKCE, state and nonce.
// The provider's subject, tokens and every other claim stay in this file's memory for one request;
// only the pseudonymous subject, the display name and a keyed hash of the CPR number (never the number)
// leave it, in the server-side session.
import express, { type Request } from 'express';
import * as oidc from 'openid-client';
import type { AppConfig } from '../config/env';
import { identityDigest, identityDigestKey } from '../config/identity-digest';
import { HttpError } from './errors';
import {
  cookieName,
  cookieOptions,
  endSessionOf,
  pseudonymousSubject,
  readCookie,
  setSessionCookie,
  signValue,
  signingKeyFor,
  verifyValue,
  type SessionDeps,
} from './session';

const LOGIN_FLOW_LIFETIME_MS = 10 * 60_000;
// `__Host-` (production) needs path /.
const LOGIN_FLOW_PATH = '/';
const PROVIDER_TIMEOUT_SECONDS = 10;

interface LoginFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * A path on this API, normalised first as the browser will resolve it: whatever then is not a plain
 * same-origin path (absolute or protocol-relative URLs, `/.//host`, `/%2e%2e//host`, backslashes, control
 * characters) becomes `/`.
 */
export function safeReturnTo(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (typeof value !== 'string' || !value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = 'http://return-to.invalid';
  const url = new URL(value, base);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The normalised form is what the Location header carries, so it is what must stay on this origin.
  const sameOriginPath = url.origin === base && !path.startsWith('//') && new URL(path, base).href === url.href;
  return sameOriginPath ? path : '/';
}

function displayNameOf(claims: oidc.IDToken): string {
  const name =
    typeof claims.name === 'string'
      ? claims.name
      : [claims.given_name, claims.family_name].filter((part) => typeof part === 'string').join(' ');
  return name.trim().slice(0, 200);
}

function loginFlowCookie(config: AppConfig): string {
  return cookieName(config, 'login_flow');
}

function readLoginFlow(req: Request, config: AppConfig): LoginFlow | undefined {
  const payload = verifyValue(signingKeyFor(config, 'login flow'), readCookie(req, loginFlowCookie(config)));
  const fields = ['state', 'nonce', 'codeVerifier', 'returnTo'] as const;
  if (!payload || fields.some((field) => typeof payload[field] !== 'string')) return undefined;
  return payload as unknown as LoginFlow;
}

/** Provider failures as the API answers them; the cause (which may quote claims) is not passed on. */
function providerFailure(error: unknown): HttpError {
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    return new HttpError(400, 'login_failed', 'The login provider refused the login; start again', {
      providerError: error.error,
    });
  }
  const code = error instanceof oidc.ClientError ? error.code : undefined;
  return new HttpError(
    502,
    'login_provider_error',
    'The login provider could not be reached or its answer could not be verified',
    code ? { reason: code } : undefined,
  );
}

/** `onLogin` hears of each login with the pseudonymous subject only (the audit trail records it). */
export function authRouter(deps: SessionDeps, onLogin?: (subject: string) => Promise<void>): express.Router {
  const { config } = deps;
  const identityKey = identityDigestKey(config.env.PSEUDONYM_KEY);
  // Discovered on first use and kept, so the API may start before the provider; a failure is retried next time.
  let discovered: Promise<oidc.Configuration> | undefined;
  const providerConfiguration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(config.oidc.issuer),
        config.oidc.clientId,
        undefined,
        oidc.ClientSecretBasic(config.oidc.clientSecret),
        {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          execute: config.production ? [] : [oidc.allowInsecureRequests],
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/login', async (req, res) => {
    const provider = await providerConfiguration().catch((error: unknown) => {
      throw providerFailure(error);
    });
    const flow: LoginFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(req.query.returnTo),
    };
    const parameters: Record<string, string> = {
      redirect_uri: config.oidc.redirectUrl,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    };
    if (typeof req.query.login_hint === 'string' && req.query.login_hint.length <= 254)
      parameters.login_hint = req.query.login_hint;
    // The dev provider's test person carries this name; a real provider gets no such parameter.
    if (!config.production && typeof req.query.name_hint === 'string' && req.query.name_hint.length <= 200)
      parameters.name_hint = req.query.name_hint;
    const value = signValue(signingKeyFor(config, 'login flow'), flow, Date.now() + LOGIN_FLOW_LIFETIME_MS);
    res.cookie(loginFlowCookie(config), value, cookieOptions(config, LOGIN_FLOW_PATH, LOGIN_FLOW_LIFETIME_MS));
    res.redirect(303, oidc.buildAuthorizationUrl(provider, parameters).href);
  });

  router.get('/callback', async (req, res) => {
    const flow = readLoginFlow(req, config);
    res.clearCookie(loginFlowCookie(config), cookieOptions(config, LOGIN_FLOW_PATH, 0));
    // No login in progress in this browser: not authenticated, rather than a malformed request.
    if (!flow) throw new HttpError(401, 'login_expired', 'This login was not started here or has expired; start again');
    if (req.query.state !== flow.state)
      throw new HttpError(400, 'invalid_state', 'The login answer does not belong to this login; start again');

    const callbackUrl = new URL(config.oidc.redirectUrl);
    callbackUrl.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    let subject: string;
    let name: string;
    let digest: string | undefined;
    try {
      const provider = await providerConfiguration();
      const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new oidc.ClientError('the token response carried no ID token');
      subject = pseudonymousSubject(config, claims.iss, claims.sub);
      name = displayNameOf(claims);
      // The CPR number goes no further than this line: only its keyed hash is kept, for the register check.
      digest = identityDigest(identityKey, claims.cpr);
    } catch (error) {
      throw providerFailure(error);
    }
    await setSessionCookie(res, deps, { subject, name, ...(digest ? { identityDigest: digest } : {}) });
    await onLogin?.(subject);
    res.redirect(303, flow.returnTo);
  });

  router.post('/logout', async (req, res) => {
    await endSessionOf(req, res, deps);
    if (req.accepts(['json', 'html']) === 'html') res.redirect(303, '/');
    else res.status(204).end();
  });

  router.get('/me', (req, res) => {
    res.json(req.session ? { loggedIn: true, name: req.session.name } : { loggedIn: false });
  });

  return router;
}
