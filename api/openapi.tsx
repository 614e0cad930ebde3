// The OpenAPI 3.1 document, generated from the zod schemas the routes validate with
// (api/openapi-operations.ts lists every operation), served as /openapi.json and as a readable page /docs.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config/env';
import { describeOperations } from './openapi-operations';
import { consoleCookieName } from './console/operator-session';
import { h } from './pages/jsx';
import { renderPage } from './pages/layout';
import { sessionCookieName } from './session';

export type Auth = 'none' | 'operator' | 'organization' | 'session' | 'codec' | 'metrics' | 'console';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express style: `/api/connections/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: z.ZodType;
  /** The body may be left out (the route reads none as `{}`). */
  bodyOptional?: boolean;
  /** A body that is not JSON (CSV, multipart, form), described in words, and by a schema where it has fields. */
  bodyType?: { mediaType: string; description: string; schema?: z.ZodType; example?: string | Record<string, string> };
  query?: z.ZodObject;
  /** Path parameters as the route validates them; any other one is a plain string. */
  params?: Record<string, z.ZodType>;
  /** The success status and what it answers. */
  /** `mediaType`: one, or the several a route answers with (a stored document's own). */
  response: { status: number; description: string; schema?: z.ZodType; mediaType?: string | string[] };
  errors?: number[];
  /** Error statuses answered with a page (a form for a person) instead of the JSON error. */
  htmlErrors?: number[];
  /**
   * Operations the success answer leads to, with the values they take from it (OpenAPI runtime expressions
   * such as `$response.body#/connectionId`): a fuzzer's stateful phase follows them.
   */
  links?: Record<string, { to: `${Operation['method']} ${string}`; parameters: Record<string, string> }>;
}

/** `meta.id` makes it one component every error response refers to. */
const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error' });

const security: Record<Auth, RouteConfig['security']> = {
  none: [],
  operator: [{ operatorKey: [] }, { consoleSession: [] }],
  organization: [{ operatorKey: [] }, { consoleSession: [] }, { session: [] }],
  session: [{ session: [] }],
  codec: [{ operatorKey: [] }, { codecSession: [] }],
  metrics: [{}, { metricsToken: [] }],
  console: [{ consoleSession: [] }],
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
  422: 'Invalid request (the details name every wrong field; a step input a process rule refuses, invalid_step_input, names that rule: { rule })',
  429: 'Too many requests',
};

const retryAfter = {
  'Retry-After': { description: 'Seconds until the client may try again', schema: { type: 'integer' as const } },
};

/** `/a/:id` → `/a/{id}`, as OpenAPI writes path parameters. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** `post /api/connections/:id/cancel` → `postApiConnectionsIdCancel`: the name links refer to. */
export function operationIdOf(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function routeOf(op: Operation): RouteConfig {
  const names = [...op.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const params = names.length
    ? z.object(Object.fromEntries(names.map((name) => [name, op.params?.[name] ?? z.string()])))
    : undefined;
  const body = op.body
    ? { required: !op.bodyOptional, content: { 'application/json': { schema: op.body } } }
    : op.bodyType
      ? {
          required: true,
          description: op.bodyType.description,
          content: {
            [op.bodyType.mediaType]: {
              schema: op.bodyType.schema ?? { type: 'string' as const },
              ...(op.bodyType.example ? { example: op.bodyType.example } : {}),
            },
          },
        }
      : undefined;
  // Whatever takes the operator key answers 429 to a client IP that sent too many wrong ones.
  // A console page without its session is the sign-in form, as a page (401).
  const authErrors =
    op.auth === 'none' || op.auth === 'metrics'
      ? []
      : op.auth === 'session' || op.auth === 'console'
        ? [401]
        : [401, 429];
  const htmlErrors = op.auth === 'console' ? [401, ...(op.htmlErrors ?? [])] : op.htmlErrors;
  // Any state-changing call may carry a session cookie, and then one from another origin is 403 cross_origin_request.
  const crossOrigin = op.method === 'get' ? [] : [403];
  // A body may be malformed (400: not JSON, a broken multipart) or too large (413) before any field is read;
  // a path or query parameter's percent-encoding may be broken (400).
  const bodyErrors = op.body ? [400, 413, 422] : op.bodyType ? [400, 413] : [];
  const encodingErrors = op.path.includes(':') || op.query ? [400] : [];
  const errors = [
    ...new Set([
      ...authErrors,
      ...bodyErrors,
      ...encodingErrors,
      ...(op.query ? [422] : []),
      ...crossOrigin,
      ...(op.errors ?? []),
      ...(op.htmlErrors ?? []),
    ]),
  ].sort((a, b) => a - b);
  const links = op.links
    ? Object.fromEntries(
        Object.entries(op.links).map(([name, link]) => {
          const [method, path] = link.to.split(' ') as [string, string];
          return [name, { operationId: operationIdOf(method, path), parameters: link.parameters }];
        }),
      )
    : undefined;
  return {
    method: op.method,
    path: openApiPath(op.path),
    operationId: operationIdOf(op.method, op.path),
    summary: op.summary,
    tags: [op.tag],
    security: security[op.auth],
    request: { params, query: op.query, body },
    responses: {
      [op.response.status]: {
        description: op.response.description,
        ...(op.response.schema || op.response.mediaType
          ? {
              content: Object.fromEntries(
                [op.response.mediaType ?? 'application/json']
                  .flat()
                  .map((type) => [type, { schema: op.response.schema ?? { type: 'string' as const } }]),
              ),
            }
          : {}),
        ...(links ? { links } : {}),
      },
      ...Object.fromEntries(
        errors.map((status) => [
          status,
          {
            description: statusText[status] ?? 'Error',
            ...(status === 429 ? { headers: retryAfter } : {}),
            content: htmlErrors?.includes(status)
              ? { 'text/html': { schema: { type: 'string' as const } } }
              : { 'application/json': { schema: errorSchema } },
          },
        ]),
      ),
    },
  };
}

/**
 * What zod checks that its JSON Schema leaves out, added to every string schema of the document: an
 * e-mail address is what zod's pattern matches (neither more nor less than `format: email` would say), and
 * a required text (every one is trimmed or refuses blanks) holds more than white space. So what the
 * document calls valid is what the API accepts.
 */
function documentStringRules(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(documentStringRules);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'string' && schema.pattern === undefined) {
    if (schema.format === 'email') {
      schema.pattern = z.regexes.email.source;
      delete schema.format;
    } else if (
      typeof schema.minLength === 'number' &&
      schema.minLength >= 1 &&
      schema.enum === undefined &&
      schema.format === undefined
    )
      schema.pattern = '\\S';
  }
  Object.values(schema).forEach(documentStringRules);
}

export function buildOpenApiDocument(config: AppConfig) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'operatorKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator key (OPERATOR_API_KEY)',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookieName(config),
    description: 'A login session (GET /auth/login)',
  });
  registry.registerComponent('securitySchemes', 'codecSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'codec_session',
    description: 'An operator codec session (POST /codec/login)',
  });
  registry.registerComponent('securitySchemes', 'consoleSession', {
    type: 'apiKey',
    in: 'cookie',
    name: consoleCookieName(config),
    description: 'An operator console session (POST /console/login)',
  });
  registry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'METRICS_TOKEN, where set',
  });
  for (const op of describeOperations(config)) registry.registerPath(routeOf(op));
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Onboarding orchestrator',
      version: '1',
      description:
        'Errors are JSON { error: { code, message, details? } }. Operator calls need Authorization: Bearer <operator key>.',
    },
    servers: [{ url: config.publicBaseUrl }],
  });
  documentStringRules(doc.paths);
  return doc;
}

type Document = ReturnType<typeof buildOpenApiDocument>;

function docsPage(doc: Document): string {
  const methods = ['get', 'post', 'patch', 'delete'] as const;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ path, method, op: item[method]! })),
  );
  const tags = [...new Set(operations.map(({ op }) => op.tags?.[0] ?? 'other'))];
  return renderPage({
    language: 'en',
    title: `${doc.info.title}: API`,
    wide: true,
    children: [
      <h1>{doc.info.title}</h1>,
      <p class="muted">
        {doc.info.description ?? ''} Machine-readable: <a href="/openapi.json">/openapi.json</a>.
      </p>,
      tags.map((tag) => (
        <section class="card">
          <h2>{tag}</h2>
          <table>
            <tr>
              <th>method</th>
              <th>path</th>
              <th>what</th>
              <th>auth</th>
            </tr>
            {operations
              .filter(({ op }) => (op.tags?.[0] ?? 'other') === tag)
              .map(({ path, method, op }) => (
                <tr>
                  <td>
                    <code>{method.toUpperCase()}</code>
                  </td>
                  <td>
                    <code>{path}</code>
                  </td>
                  <td>{op.summary ?? ''}</td>
                  <td>{(op.security ?? []).flatMap((entry) => Object.keys(entry)).join(' or ') || 'none'}</td>
                </tr>
              ))}
          </table>
        </section>
      )),
    ],
  });
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
