// Who may act on an organisation (`/api/organizations/:orgId/...`): the operator key, or the session of an
// active administrator of that organisation. Nobody: 401 (with loginUrl); a wrong key: 401; another
// organisation's administrator: 403.
import type { Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import { isActiveAdministrator } from '../db/organizations';
import type { Actor } from '../workflows/process.messages';
import { consoleOperator } from './console/operator-session';
import { HttpError } from './errors';
import { bearerKey, operatorAuthFor } from './middleware';
import { loginUrlFor } from './session';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireOrganizationAccess: the operator or the organisation's administrator. */
    organizationActor?: Actor;
  }
}

async function organizationActor(req: Request, res: Response, deps: { db: Db; config: AppConfig }): Promise<Actor> {
  const key = bearerKey(req.get('authorization'));
  if (key !== undefined) {
    const operator = operatorAuthFor(deps.config);
    if (!operator.verify(req, res, key))
      throw new HttpError(401, 'unauthorized', 'A valid operator key is required (Authorization: Bearer <key>)');
    return { kind: 'operator', keyId: operator.keyId };
  }
  const signedIn = consoleOperator(req, deps.config, operatorAuthFor(deps.config).keyId);
  if (signedIn) return { kind: 'operator', keyId: signedIn.keyId };
  if (!req.session) {
    throw new HttpError(
      401,
      'unauthorized',
      'Log in as an administrator of the organisation, or use the operator key',
      undefined,
      {
        fields: { loginUrl: loginUrlFor(req.originalUrl) },
      },
    );
  }
  if (!(await isActiveAdministrator(deps.db, String(req.params.orgId), req.session.subject)))
    throw new HttpError(403, 'forbidden', 'You are not an administrator of this organisation');
  return { kind: 'person', subject: req.session.subject, name: req.session.name };
}

/** Route middleware (the route's path has `:orgId`): sets req.organizationActor or answers 401/403. */
export function requireOrganizationAccess(deps: { db: Db; config: AppConfig }): RequestHandler {
  return async (req, res, next) => {
    req.organizationActor = await organizationActor(req, res, deps);
    if (req.organizationActor.kind === 'operator') req.operator = { keyId: req.organizationActor.keyId };
    next();
  };
}
