// The codec server: the Temporal Web UI (`--ui-codec-endpoint <api>/codec`) and CLI (`--codec-endpoint`,
// `--codec-auth 'Bearer <key>'`) decode payloads here, so an operator reads inputs that the history only
// holds encrypted. Only operators: the operator key as a bearer token, or a codec session cookie from
// /codec/login. The UI calls from the browser, cross-origin: CORS answers the UI's origins only.
// In development the operator at this machine is trusted (the dev operator key is public anyway): a call
// from one of the UI's origins needs no credentials, since the UI the dev server starts sends none.
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, parseEncryptionKeys } from '../config/codec';
import type { AppConfig } from '../config/env';
import { HttpError, parseOr422 } from './errors';
import { bearerKey, operatorAuthFor } from './middleware';
import { h } from './pages/jsx';
import { renderPage } from './pages/layout';
import { cookieOptions, readCookie, signValue, signingKeyFor, verifyValue } from './session';
import { codecPayload, codecBody } from './schemas';

export const CODEC_COOKIE = 'codec_session';
const CODEC_SESSION_MS = 8 * 3600_000;

export function codecCorsOrigins(config: AppConfig): string[] {
  const ui = config.env.TEMPORAL_UI_PORT;
  return config.env.CODEC_CORS_ORIGINS?.split(',') ?? [`http://127.0.0.1:${ui}`, `http://localhost:${ui}`];
}

function fromJson(payload: z.infer<typeof codecPayload>): Payload {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  );
  return { metadata, data: payload.data ? Buffer.from(payload.data, 'base64') : undefined };
}

function toJson(payload: Payload): z.infer<typeof codecPayload> {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return { metadata, data: payload.data ? Buffer.from(payload.data).toString('base64') : undefined };
}

/** CORS for the UI's origins, with credentials (the codec cookie); a preflight is answered here, unauthenticated. */
function uiCors(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization, Authorization-Extras');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

export function codecRouter(config: AppConfig): Router {
  const codec = new EncryptionCodec(parseEncryptionKeys(config.env.PAYLOAD_ENCRYPTION_KEYS));
  const sessionKey = signingKeyFor(config, 'codec session');
  const operator = operatorAuthFor(config);
  const keyId = operator.keyId;
  const trustedUiOrigins = new Set(config.production ? [] : codecCorsOrigins(config));
  const router = Router();
  router.use(uiCors(codecCorsOrigins(config)));

  /** The operator behind the call, from the bearer key or the codec cookie; 401 otherwise. */
  const requireCodecOperator: RequestHandler = (req, res, next) => {
    const session = verifyValue(sessionKey, readCookie(req, CODEC_COOKIE));
    const fromTrustedUi = trustedUiOrigins.has(req.get('origin') ?? '');
    if (!fromTrustedUi && session?.keyId !== keyId && !operator.verify(req, res, bearerKey(req.get('authorization')))) {
      return next(
        new HttpError(
          401,
          'unauthorized',
          'Operators only: Authorization: Bearer <operator key>, or log in at /codec/login',
        ),
      );
    }
    req.operator = { keyId };
    next();
  };

  const transform = (direction: 'encode' | 'decode') => async (req: Request, res: express.Response) => {
    const { payloads } = parseOr422(codecBody, req.body);
    let result: Payload[];
    try {
      result = await codec[direction](payloads.map(fromJson));
    } catch (error) {
      throw new HttpError(
        422,
        'codec_failed',
        error instanceof Error ? error.message : 'The payloads could not be processed',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ payloads: result.map(toJson) });
  };
  const json = express.json({ limit: '16mb' });
  router.post('/encode', requireCodecOperator, json, transform('encode'));
  router.post('/decode', requireCodecOperator, json, transform('decode'));

  router.get('/login', (_req, res) => {
    res.type('html').send(loginPage());
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    if (!operator.verify(req, res, typeof req.body?.key === 'string' ? req.body.key : undefined)) {
      res.status(401).type('html').send(loginPage('That is not the operator key.'));
      return;
    }
    req.operator = { keyId };
    // Strict same-site: the UI on another port of the same host still sends it (same site), other sites never do.
    res.cookie(CODEC_COOKIE, signValue(sessionKey, { keyId }, Date.now() + CODEC_SESSION_MS), {
      ...cookieOptions(config, '/codec', CODEC_SESSION_MS),
      sameSite: 'strict',
    });
    res.type('html').send(
      renderPage({
        language: 'en',
        title: 'Codec login',
        children: (
          <div class="card">
            <h1>Logged in for decoding</h1>
            <p class="ok">For 8 hours the Temporal Web UI decodes payloads through this API.</p>
            <p class="muted">
              In the Web UI, open the codec server settings, choose your browser setting with the endpoint{' '}
              {config.publicBaseUrl}/codec and turn on "Include cross-origin credentials".
            </p>
          </div>
        ),
      }),
    );
  });

  return router;
}

function loginPage(problem?: string): string {
  return renderPage({
    language: 'en',
    title: 'Codec login',
    children: (
      <div class="card">
        <h1>Decode payloads in the Temporal Web UI</h1>
        {problem ? <p class="error">{problem}</p> : null}
        <form method="post" action="/codec/login">
          <label for="key">Operator key</label>
          <input id="key" type="password" name="key" autocomplete="off" required />
          <button type="submit">Log in</button>
        </form>
      </div>
    ),
  });
}
