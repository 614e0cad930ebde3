// The OpenAPI 3.1 document, generated from the zod schemas the routes validate with
// (api/openapi-operations.ts lists every operation), served as /openapi.json and as a readable page /docs.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config/env';
import { describeOperations } from './openapi-operations';
import { markup, page } from './pages/html';
import { sessionCookieName } from './session';

export type Auth = 'none' | 'operator' | 'organization' | 'session' | 'codec' | 'metrics';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express style: `/api/connections/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: z.ZodType;
  /** A body that is not JSON (CSV, multipart, form), described in words. */
  bodyType?: { mediaType: string; description: string };
  query?: z.ZodObject;
  /** The success status and what it answers. */
  response: { status: number; description: string; schema?: z.ZodType; mediaType?: string };
  errors?: number[];
}

/** `meta.id` makes it one component every error response refers to. */
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }).meta({ id: 'Error' });

const security: Record<Auth, RouteConfig['security']> = {
  none: [],
  operator: [{ operatorKey: [] }],
  organization: [{ operatorKey: [] }, { session: [] }],
  session: [{ session: [] }],
  codec: [{ operatorKey: [] }, { codecSession: [] }],
  metrics: [{}, { metricsToken: [] }],
};

const statusText: Record<number, string> = {
  400: 'Malformed request',
  401: 'Not authenticated',
  403: 'Not allowed for this caller; cross_origin_request when a session cookie comes with an Origin (or Referer) other than this service',
  404: 'Not found',
  408: 'The request body took too long to arrive',
  409: 'Conflicts with the current state',
  410: 'Gone (expired)',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Invalid request (the details name every wrong field)',
  429: 'Too many requests',
};

const retryAfter = { 'Retry-After': { description: 'Seconds until the client may try again', schema: { type: 'integer' as const } } };

/** `/a/:id` → `/a/{id}`, as OpenAPI writes path parameters. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function routeOf(op: Operation): RouteConfig {
  const names = [...op.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const params = names.length ? z.object(Object.fromEntries(names.map((name) => [name, z.string()]))) : undefined;
  const body = op.body
    ? { content: { 'application/json': { schema: op.body } } }
    : op.bodyType
      ? { description: op.bodyType.description, content: { [op.bodyType.mediaType]: { schema: { type: 'string' as const } } } }
      : undefined;
  // Whatever takes the operator key answers 429 to a client IP that sent too many wrong ones.
  const authErrors = op.auth === 'none' || op.auth === 'metrics' ? [] : op.auth === 'session' ? [401] : [401, 429];
  // Any state-changing call may carry a session cookie, and then one from another origin is 403 cross_origin_request.
  const crossOrigin = op.method === 'get' ? [] : [403];
  const errors = [...new Set([...authErrors, ...(op.body || op.query ? [422] : []), ...crossOrigin, ...(op.errors ?? [])])].sort((a, b) => a - b);
  return {
    method: op.method,
    path: openApiPath(op.path),
    summary: op.summary,
    tags: [op.tag],
    security: security[op.auth],
    request: { params, query: op.query, body },
    responses: {
      [op.response.status]: {
        description: op.response.description,
        ...(op.response.schema || op.response.mediaType ? { content: { [op.response.mediaType ?? 'application/json']: { schema: op.response.schema ?? { type: 'string' } } } } : {}),
      },
      ...Object.fromEntries(
        errors.map((status) => [
          status,
          { description: statusText[status] ?? 'Error', ...(status === 429 ? { headers: retryAfter } : {}), content: { 'application/json': { schema: errorSchema } } },
        ]),
      ),
    },
  };
}

export function buildOpenApiDocument(config: AppConfig) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'operatorKey', { type: 'http', scheme: 'bearer', description: 'The operator key (OPERATOR_API_KEY)' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: sessionCookieName(config), description: 'A login session (GET /auth/login)' });
  registry.registerComponent('securitySchemes', 'codecSession', { type: 'apiKey', in: 'cookie', name: 'codec_session', description: 'An operator codec session (POST /codec/login)' });
  registry.registerComponent('securitySchemes', 'metricsToken', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, where set' });
  for (const op of describeOperations(config)) registry.registerPath(routeOf(op));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Onboarding orchestrator',
      version: '1',
      description: 'Errors are JSON { error: { code, message, details? } }. Operator calls need Authorization: Bearer <operator key>.',
    },
    servers: [{ url: config.publicBaseUrl }],
  });
}

type Document = ReturnType<typeof buildOpenApiDocument>;

function docsPage(doc: Document): string {
  const methods = ['get', 'post', 'patch', 'delete'] as const;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ path, method, op: item[method]! })),
  );
  const tags = [...new Set(operations.map(({ op }) => op.tags?.[0] ?? 'other'))];
  const body = markup`<h1>${doc.info.title}</h1><p class="muted">${doc.info.description ?? ''} Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
${tags.map(
  (tag) => markup`<section class="card"><h2>${tag}</h2><table><tr><th>method</th><th>path</th><th>what</th><th>auth</th></tr>
${operations
  .filter(({ op }) => (op.tags?.[0] ?? 'other') === tag)
  .map(({ path, method, op }) => {
    const auth = (op.security ?? []).flatMap((entry) => Object.keys(entry)).join(' or ') || 'none';
    return markup`<tr><td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td><td>${op.summary ?? ''}</td><td>${auth}</td></tr>`;
  })}</table></section>`,
)}`;
  return page('en', `${doc.info.title}: API`, body);
}

export function openApiRouter(config: AppConfig): Router {
  const doc = buildOpenApiDocument(config);
  const html = docsPage(doc);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(html);
  });
  return router;
}
