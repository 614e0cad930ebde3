// The audit trail, append-only (no code path changes or removes a row; the database refuses to, see
// migration 0001): every process step (activities), every operator call and every login (here), and
// an organisation's page through it: GET /api/organizations/:orgId/audit?cursor=.
import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { appendAudit } from '../db/audit';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import { auditEventsAfter } from '../db/audit';
import { actorLabel } from '../workflows/process.messages';
import { parseOr422 } from './errors';
import { bearerKey, isOperatorKey, operatorKeyId } from './middleware';
import { requireOrganizationAccess } from './organization-access';
import type { MatchedRoute } from './route-templates';
import { auditQuery, auditPage } from './schemas';

const cursorOf = (id: number) => Buffer.from(String(id)).toString('base64url');
const idOf = (cursor: string | undefined) =>
  cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0 : 0;

/** A page of the organisation's audit trail, oldest first, after the cursor. */
export async function auditEventsOf(
  db: Db,
  orgId: string,
  query: z.infer<typeof auditQuery>,
): Promise<z.infer<typeof auditPage>> {
  const rows = await auditEventsAfter(db, orgId, idOf(query.cursor), query.limit + 1);
  const events = rows.slice(0, query.limit).map(({ eventKey: _key, orgId: _org, ...event }) => event);
  return { events, nextCursor: rows.length > query.limit ? cursorOf(events[events.length - 1]!.id) : null };
}

export function auditRouter(deps: { db: Db; config: AppConfig }): Router {
  const router = Router();
  router.get('/:orgId/audit', requireOrganizationAccess(deps), async (req, res) => {
    res.json(await auditEventsOf(deps.db, String(req.params.orgId), parseOr422(auditQuery, req.query, 'query')));
  });
  return router;
}

/** A connection's workflow id is `connection-<orgId>` (api/connections.ts): its calls belong to that organisation. */
function connectionOrgId(workflowId: string | undefined): string | undefined {
  return /^connection-(.+)$/.exec(workflowId ?? '')?.[1];
}

/**
 * One audit row per operator call, once answered: the operator key's id, method and route (never the
 * path's values beyond the organisation), status. Calls without a valid operator key are not recorded
 * here: an anonymous caller must not be able to grow an append-only table. Console pages are recorded
 * where they change something (their forms' posts), as the API calls they stand for.
 */
/** `match` names a request's route as the OpenAPI document does (api/route-templates.ts, given by the app). */
export function auditOperatorCalls(
  deps: { db: Db; config: AppConfig },
  match: (method: string, path: string) => MatchedRoute | undefined,
): RequestHandler {
  const keyId = operatorKeyId(deps.config);
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const path = req.originalUrl.split('?')[0]!;
    if (path.startsWith('/console') && (req.method === 'GET' || req.method === 'HEAD')) return next();
    res.on('finish', () => {
      const operator =
        req.operator ??
        (isOperatorKey(bearerKey(req.get('authorization')), deps.config.env.OPERATOR_API_KEY) ? { keyId } : undefined);
      if (!operator) return;
      const route = match(req.method, path);
      appendAudit(deps.db, {
        eventKey: `operator-call:${randomUUID()}`,
        at: new Date().toISOString(),
        actor: operator.keyId,
        orgId: route?.params.orgId ?? connectionOrgId(req.workflowId),
        workflowId: req.workflowId,
        action: `operator-call:${req.method} ${route?.template ?? 'unmatched'}`,
        outcome: String(res.statusCode),
        details: { requestId: req.id },
      }).catch((error: unknown) => req.log.error({ err: error }, 'operator call not audited'));
    });
    next();
  };
}

/** A login: the pseudonymous subject only, never the name or anything the provider said. */
export async function recordLogin(db: Db, subject: string): Promise<void> {
  await appendAudit(db, {
    eventKey: `login:${randomUUID()}`,
    at: new Date().toISOString(),
    actor: actorLabel({ kind: 'person', subject, name: '' }),
    action: 'login',
    outcome: 'succeeded',
  });
}
