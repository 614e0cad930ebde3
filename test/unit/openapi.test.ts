// Every route the app serves has an entry in /openapi.json, and every entry a route: the document is
// generated from the same schemas, and this test keeps it complete.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { openApiPath } from '../../api/openapi';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/open';
import type { OpenApiDocument } from '../support/openapi-document';
import { productionEnv } from '../support/production-env';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: string | string[];
  handle?: { stack?: Layer[] };
}

/** Express 5 (router 2): route layers carry `route`; mounted routers carry `rawPath` and their own `stack`. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1');
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${openApiPath(path)}`);
    }
    if (!layer.handle?.stack) return [];
    const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? '/'];
    return mounts.flatMap((mount) => routesOf(layer.handle!.stack!, prefix + (mount === '/' ? '' : mount)));
  });
}

describe('OpenAPI document', () => {
  for (const production of [false, true]) {
    describe(production ? 'production' : 'development', () => {
      const env = production ? productionEnv : { NODE_ENV: 'test', LOG_LEVEL: 'silent' };
      const config = loadConfig(env);
      let app: ReturnType<typeof createApp>;
      let server: Server;
      let baseUrl: string;
      before(async () => {
        app = createApp({
          config,
          db: await openDatabase(':memory:'),
          temporal: {} as Client,
          logger: createLogger('silent'),
          readiness: async () => ({ ready: true, checks: { temporal: true, worker: true, database: true } }),
          newId: randomUUID,
        });
        server = await new Promise((resolve) => {
          const s = app.listen(0, '127.0.0.1', () => resolve(s));
        });
        const address = server.address();
        baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      });
      after(() => new Promise<void>((resolve) => server.close(() => resolve())));

      it('lists every route of the app, and no route the app does not have', async () => {
        const routes = new Set(routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack));
        assert.ok(routes.size > 30, `found ${routes.size} routes`);
        const response = await fetch(`${baseUrl}/openapi.json`);
        assert.equal(response.status, 200);
        const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
        assert.equal(doc.openapi, '3.1.0');
        const documented = new Set(
          Object.entries(doc.paths).flatMap(([path, item]) =>
            Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
          ),
        );
        assert.deepEqual(
          [...routes].filter((route) => !documented.has(route)),
          [],
          'routes without an OpenAPI entry',
        );
        assert.deepEqual(
          [...documented].filter((route) => !routes.has(route)),
          [],
          'OpenAPI entries without a route',
        );
      });

      it('describes request bodies with the schemas the routes validate with', async () => {
        const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
        const start = doc.paths['/api/connections'].post;
        const schema = start.requestBody!.content['application/json'].schema;
        assert.deepEqual(schema.required, ['organization', 'initiator']);
        assert.equal(schema.properties.organization.properties.cvr.pattern, '^\\d{8}$');
        assert.deepEqual(start.security, [{ operatorKey: [] }, { consoleSession: [] }]);
        assert.equal(start.responses['422'].content['application/json'].schema.$ref, '#/components/schemas/Error');
      });

      it('serves a readable docs page without scripts', async () => {
        const response = await fetch(`${baseUrl}/docs`);
        assert.equal(response.status, 200);
        const html = await response.text();
        assert.match(html, /\/api\/organizations\/\{orgId\}\/audit/);
        assert.doesNotMatch(html, /<script/i);
        assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      });
    });
  }
});
