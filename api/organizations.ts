// The organisation calls (`/api/organizations/:orgId/...`): the organisation, its login policy, imported
// users (CSV import, list, delete), activations (single, several, all; progress; re-send). Each accepts
// the operator key or the session of an active administrator of that organisation, and nothing of any
// other organisation: a user, batch or organisation outside the caller's answers 403.
import express, { Router, type Request, type RequestHandler } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { z } from 'zod';
import { userActivationStartDescription } from '../activities/activations';
import { appendAudit } from '../db/audit';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import {
  administratorsOf,
  findOrganizationRow,
  saveLoginPolicy,
  termsAcceptedBy,
  type LoginMethodUse,
  type Organization,
} from '../db/organizations';
import {
  batchOrganization,
  batchProgress,
  claimUsersForBatch,
  findUser,
  reclaimExpiredUser,
  releaseBatch,
  restoreExpiredUser,
  userCountsByStatus,
  usersAfter,
  type BatchClaim,
  type User,
} from '../db/users';
import { languageForCountry, type Language } from '../domain/language';
import {
  activatableStatuses,
  activationRequest,
  loginMethods,
  loginPolicyChange,
  offersLoginMethod,
  resendActivationRequest,
  userStatuses,
  type LoginMethod,
  type LoginPolicyView,
} from '../domain/users';
import {
  bulkActivationId,
  type ActivationProgress,
  type BulkActivationInput,
} from '../workflows/bulk-activation.messages';
import { actorLabel, resendStepUpdate, type Actor } from '../workflows/process.messages';
import { loginPolicyChangedSignal, setupWorkflowId } from '../workflows/organization-setup.messages';
import { reactivationId, type UserActivationInput } from '../workflows/user-activation.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { deleteUser } from '../db/user-deletion';
import { importUsersCsv, type ImportBody, type ImportResult } from './user-import';
import { requireOrganizationAccess } from './organization-access';
import { rateLimit } from './rate-limit';
import { resendSetup, type SetupResent } from './setup-resend';
import { activationGroupSize } from '../temporal.config';
import { startWorkflow } from '../config/temporal';
import { setupResendRequest, usersQuery, usersPage } from './schemas';

/** E-mails outstanding before a bulk activation starts its next group: ten groups mailing at once (measured: bench/activations.ts). */
export const activationsInFlight = 2500;

type UsersPage = z.infer<typeof usersPage>;

const now = () => new Date().toISOString();
const hour = 60 * 60 * 1000;

/** Calls per hour that mail people or write many rows: per organisation, per administrator, for the operator key (it serves every organisation). */
export const callLimits = {
  import: { organization: 20, administrator: 20, operator: 600 },
  activation: { organization: 30, administrator: 30, operator: 600 },
  resend: { organization: 300, administrator: 300, operator: 3000 },
  setupResend: { organization: 10, administrator: 10, operator: 600 },
};
/** Re-sends to one user per hour: more would be mail-bombing them. */
export const resendsPerUser = 5;

/** The organisation's login policy; null before its setup chose one. */
export function policyOf(org: Organization): LoginPolicyView | null {
  if (org.allowPrivateMitId === null) return null;
  return {
    allowPrivateMitId: org.allowPrivateMitId,
    separateMeans: (org.separateMeans ?? []) as LoginPolicyView['separateMeans'],
  };
}

export function offeredMethods(policy: LoginPolicyView): LoginMethod[] {
  return loginMethods.filter((method) => offersLoginMethod(policy, method));
}

/** What the organisation calls need, from the API's deps. */
export type OrganizationDeps = Pick<ApiDeps, 'db' | 'config' | 'temporal' | 'newId'>;
export type UsersQuery = z.infer<typeof usersQuery>;
type LoginPolicyChange = z.infer<typeof loginPolicyChange>;
type ActivationRequest = z.infer<typeof activationRequest>;
type ResendActivationRequest = z.infer<typeof resendActivationRequest>;
export type ActivationResent = {
  userId: string;
  status: 'activation_pending';
  step?: 'activate-user' | 'activate-means';
  expiresAt?: string;
};

/** The organisation, or 404. */
export async function findOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await findOrganizationRow(db, orgId);
  if (!org) throw new HttpError(404, 'not_found', 'No organisation with that id');
  return org;
}

/** The organisation's user; one of another organisation is 403, whoever asks. */
async function organizationUser(db: Db, org: Organization, userId: string): Promise<User> {
  const user = z.uuid().safeParse(userId).success ? await findUser(db, userId) : undefined;
  if (!user) throw new HttpError(404, 'not_found', 'No such user');
  if (user.orgId !== org.orgId) throw new HttpError(403, 'forbidden', 'This user belongs to another organisation');
  return user;
}

/** Every change to an organisation, by its API call or its administration page, is recorded alike. */
async function auditOrganization(
  deps: Pick<OrganizationDeps, 'db' | 'newId'>,
  org: Organization,
  actor: Actor,
  action: string,
  outcome: string,
  details?: Record<string, unknown>,
  workflowId?: string,
): Promise<void> {
  await appendAudit(deps.db, {
    eventKey: `${action}:${org.orgId}:${deps.newId()}`,
    at: now(),
    actor: actorLabel(actor),
    orgId: org.orgId,
    action,
    outcome,
    details,
    workflowId,
  });
}

/** Fresh setup links for the administrators who have not set up (api/setup-resend.ts), recorded. */
export async function resendOrganizationSetup(
  deps: OrganizationDeps,
  org: Organization,
  actor: Actor,
): Promise<SetupResent> {
  const sent = await resendSetup(deps, org, actor);
  await auditOrganization(
    deps,
    org,
    actor,
    'setup-resend',
    sent.restarted ? 'restarted' : 'resent',
    { administrators: sent.administrators.length },
    sent.workflowId,
  );
  return sent;
}

/** Imports a NemID export as it streams in (api/user-import.ts), recorded. */
export async function importOrganizationUsers(
  deps: Pick<OrganizationDeps, 'db' | 'newId'>,
  org: Organization,
  actor: Actor,
  body: ImportBody,
): Promise<ImportResult> {
  const result = await importUsersCsv(deps.db, body, { orgId: org.orgId, cvr: org.cvr }, deps.newId);
  await auditOrganization(deps, org, actor, 'import-users', 'imported', {
    imported: result.imported,
    rejected: result.rejectedCount,
  });
  return result;
}

/** A batch's progress; another organisation's batch is 403. */
export async function activationProgress(
  db: Db,
  org: Organization,
  batchId: string,
): Promise<{ batchId: string } & ActivationProgress> {
  const batchOrgId = await batchOrganization(db, batchId);
  if (!batchOrgId) throw new HttpError(404, 'not_found', 'No such activation batch');
  if (batchOrgId !== org.orgId) throw new HttpError(403, 'forbidden', 'This batch belongs to another organisation');
  return { batchId, ...(await batchProgress(db, org.orgId, batchId))! };
}

/** Limits the calls of `limits` per organisation and per caller (req.organizationActor, set before). */
type Limited = (limits: { organization: number; administrator: number; operator: number }) => RequestHandler[];
interface OrganizationLimits {
  limited: Limited;
  perResentUser: RequestHandler;
}
const limitsByConfig = new WeakMap<AppConfig, OrganizationLimits>();

/**
 * The call limits of one app, shared by the API and the administration pages so that neither doubles the
 * other's allowance. Counted per organisation and per caller once the caller is known (so nobody else can
 * use up an organisation's allowance): 429 rate_limited with Retry-After beyond the limits.
 */
export function organizationLimits(config: AppConfig): OrganizationLimits {
  const known = limitsByConfig.get(config);
  if (known) return known;
  const made = new Map<object, RequestHandler[]>();
  const limited: Limited = (limits) => {
    const existing = made.get(limits);
    if (existing) return existing;
    const perOrganization = rateLimit([
      { limit: limits.organization, windowMs: hour, key: (req) => String(req.params.orgId) },
    ]);
    const perAdministrator = rateLimit([
      {
        limit: limits.administrator,
        windowMs: hour,
        key: (req) => (req.organizationActor as Extract<Actor, { kind: 'person' }>).subject,
      },
    ]);
    const perOperator = rateLimit([
      {
        limit: limits.operator,
        windowMs: hour,
        key: (req) => (req.organizationActor as Extract<Actor, { kind: 'operator' }>).keyId,
      },
    ]);
    const handlers: RequestHandler[] = [
      perOrganization,
      (req, res, next) => (req.organizationActor!.kind === 'operator' ? perOperator : perAdministrator)(req, res, next),
    ];
    made.set(limits, handlers);
    return handlers;
  };
  const perResentUser = rateLimit([{ limit: resendsPerUser, windowMs: hour, key: (req) => String(req.params.userId) }]);
  const shared = { limited, perResentUser };
  limitsByConfig.set(config, shared);
  return shared;
}

/** The organisation as its administrators see it: status, policy, administrators, terms, users by status. */
export async function organizationView(db: Db, org: Organization) {
  const admins = await administratorsOf(db, org.orgId);
  const terms = await termsAcceptedBy(db, org.orgId);
  // How many users wait for what: the list's `?status=` shows who they are.
  const users = Object.fromEntries(userStatuses.map((status) => [status, 0]));
  for (const row of await userCountsByStatus(db, org.orgId)) users[row.status] = row.n;
  return {
    orgId: org.orgId,
    name: org.name,
    kind: org.kind,
    cvr: org.cvr,
    status: org.status,
    loginPolicy: policyOf(org),
    administrators: admins.map((a) => ({ name: a.name, email: a.email, status: a.status, loginMethod: a.loginMethod })),
    terms: terms.map((t) => ({ version: t.version, acceptedAt: t.acceptedAt })),
    users,
  };
}

/**
 * The policy `body` makes of the organisation's current one, and where the users of each withdrawn method go:
 * a withdrawn method still used by pending or active users must say where they go (409 login_method_in_use
 * otherwise). Runs inside the transaction that saves it (db/organizations.ts), on the rows as they are then.
 */
async function planLoginPolicy(
  org: Organization,
  inUseBy: LoginMethodUse,
  body: LoginPolicyChange,
): Promise<{ policy: LoginPolicyView; moves: Record<string, LoginMethod> }> {
  const current = policyOf(org);
  if (!current) throw new HttpError(409, 'organization_not_set_up', 'The organisation has not been set up yet');
  const next: LoginPolicyView = {
    allowPrivateMitId: body.allowPrivateMitId ?? current.allowPrivateMitId,
    separateMeans: [...new Set(body.separateMeans ?? current.separateMeans)],
  };
  // Whether a change leaves a method depends on the policy it changes: a conflict with that state, not a malformed body.
  if (offeredMethods(next).length === 0)
    throw new HttpError(409, 'no_login_method', 'The organisation must offer at least one login method');
  const withdrawn = offeredMethods(current).filter((method) => !offersLoginMethod(next, method));
  const inUse = Object.fromEntries(
    (await inUseBy.users(withdrawn.length ? withdrawn : [''])).map((row) => [row.method!, row.n]),
  ) as Record<string, number>;
  const unassigned = Object.keys(inUse).filter((method) => !body.reassign?.[method as LoginMethod]);
  if (unassigned.length > 0) {
    throw new HttpError(
      409,
      'login_method_in_use',
      'Users log in with a method being withdrawn: say in reassign which offered method they move to',
      { inUse, offered: offeredMethods(next) },
    );
  }
  for (const method of Object.keys(inUse)) {
    if (!offersLoginMethod(next, body.reassign![method as LoginMethod]!))
      throw new HttpError(
        409,
        'invalid_reassignment',
        `Users of ${method} must move to a method the organisation offers`,
        { offered: offeredMethods(next) },
      );
  }
  // Administrators keep the login they chose at setup; `separate` (recorded before the means was) needs some separate means.
  const adminMethods = [...withdrawn, ...(next.separateMeans.length === 0 ? ['separate' as const] : [])];
  const adminsInUse = adminMethods.length === 0 ? [] : await inUseBy.administrators(adminMethods);
  if (adminsInUse.length > 0) {
    throw new HttpError(409, 'login_method_in_use', 'An administrator logs in with a method being withdrawn: keep it', {
      administrators: Object.fromEntries(adminsInUse.map((row) => [row.method, row.n])),
    });
  }
  const moves = Object.fromEntries(
    Object.keys(inUse).map((method) => [method, body.reassign![method as LoginMethod]!]),
  ) as Record<string, LoginMethod>;
  return { policy: next, moves };
}

/** Changes the offered means as `planLoginPolicy` says, checked and saved in one transaction. */
export async function changeLoginPolicy(
  deps: OrganizationDeps,
  org: Organization,
  actor: Actor,
  body: LoginPolicyChange,
): Promise<{ loginPolicy: LoginPolicyView; reassigned: Record<string, { to: LoginMethod; users: number }> }> {
  const { db, temporal } = deps;
  const {
    before,
    plan: { policy: next, moves },
    moved,
  } = await saveLoginPolicy(db, org.orgId, (row, inUse) => planLoginPolicy(row, inUse, body), now());
  const reassigned = Object.fromEntries(
    Object.entries(moves).map(([method, to]) => [method, { to, users: moved[method]! }]),
  );
  await auditOrganization(deps, org, actor, 'login-policy', 'changed', {
    before: policyOf(before),
    after: next,
    reassigned,
  });
  // Administrators still setting up choose their own login within the new policy.
  await temporal.workflow
    .getHandle(setupWorkflowId(org.orgId))
    .signal(loginPolicyChangedSignal, next)
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    });
  return { loginPolicy: next, reassigned };
}

/** A page of the organisation's users, by id after the cursor; without a status filter the deleted ones are left out. */
export async function listUsers(db: Db, org: Organization, query: UsersQuery): Promise<UsersPage> {
  const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : '';
  const rows = await usersAfter(db, org.orgId, { after, status: query.status, q: query.q, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const body: UsersPage = {
    users: page.map((u) => {
      // A deleted user's personal data is gone: their row says only that they were there.
      const person =
        u.status === 'deleted'
          ? { name: null, email: null, nemidUserId: null }
          : { name: u.name, email: u.email, nemidUserId: u.nemidUserId };
      return {
        userId: u.userId,
        ...person,
        status: u.status,
        loginMethod: u.loginMethod as LoginMethod | null,
        importedAt: u.importedAt,
        batchId: u.batchId,
        activationRequestedAt: u.activationRequestedAt,
        activationEndedAt: u.activationEndedAt,
      };
    }),
    nextCursor: rows.length > query.limit ? Buffer.from(page[page.length - 1]!.userId).toString('base64url') : null,
  };
  return body;
}

/** Deletes an imported, rejected or expired user (db/user-deletion.ts); a deleted one again is done already, any other 409. */
export async function deleteImportedUser(
  deps: OrganizationDeps,
  org: Organization,
  actor: Actor,
  userId: string,
): Promise<void> {
  const { db, config } = deps;
  const user = await organizationUser(db, org, userId);
  if (await deleteUser(db, user, config.env.PSEUDONYM_KEY, now())) {
    await auditOrganization(deps, org, actor, 'delete-user', 'deleted', { userId: user.userId, status: user.status });
  } else {
    // Deleting a deleted user again is done already: the same answer, nothing written twice.
    const { status } = (await findUser(db, user.userId))!;
    if (status !== 'deleted')
      throw new HttpError(
        409,
        'user_not_deletable',
        `A user whose activation is pending, or who is active, cannot be deleted; this one is ${status}`,
        { status },
      );
  }
}

/** Why the chosen users could not be claimed for a batch, as the caller's answer. */
function claimRefused(claim: Extract<BatchClaim, { refused: string }>): HttpError {
  switch (claim.refused) {
    case 'other-organization':
      return new HttpError(403, 'forbidden', 'Some of these users belong to another organisation');
    case 'unknown-users':
      return new HttpError(404, 'not_found', 'No such users', { userIds: claim.userIds.slice(0, 100) });
    case 'not-activatable':
      return new HttpError(
        409,
        'not_activatable',
        'Only imported users, and users who rejected or let their activation lapse, can be activated',
        { users: claim.users.slice(0, 100) },
      );
    case 'nothing-to-activate':
      return new HttpError(
        409,
        'nothing_to_activate',
        'There are no users to activate: none is imported, rejected or expired',
      );
  }
}

/** Whether the organisation, as its row is in the claim's transaction, can activate users with `loginMethod`. */
function admitActivation(org: Organization, loginMethod: LoginMethod): void {
  const policy = policyOf(org);
  if (org.status !== 'active' || !policy)
    throw new HttpError(
      409,
      'organization_not_set_up',
      'The organisation chooses its login methods at setup before users can be activated',
    );
  if (!offersLoginMethod(policy, loginMethod)) {
    throw new HttpError(422, 'login_method_not_offered', `The organisation does not offer ${loginMethod}`, {
      offered: offeredMethods(policy),
    });
  }
}

/** Claims the chosen users for one new batch and starts its bulk activation; nothing changes when it cannot start. */
export async function activateUsers(
  deps: OrganizationDeps,
  org: Organization,
  actor: Actor,
  body: ActivationRequest,
): Promise<{ batchId: string; total: number; again: number; workflowId: string }> {
  const { db, config, temporal } = deps;
  const batchId = deps.newId();
  const at = now();
  const ids = body.userIds && [...new Set(body.userIds)];
  const claim = await claimUsersForBatch(db, {
    batchId,
    orgId: org.orgId,
    userIds: ids,
    loginMethod: body.loginMethod,
    requestedBy: actorLabel(actor),
    at,
    activatable: activatableStatuses,
    admit: (row) => admitActivation(row, body.loginMethod),
  });
  if ('refused' in claim) throw claimRefused(claim);
  // Users activated before (they rejected, or it lapsed) as their rows were: restored if nothing can be started.
  const { claimed: total, earlier } = claim;
  const workflowId = bulkActivationId(org.orgId, batchId);
  const input: BulkActivationInput = {
    organization: { orgId: org.orgId, name: org.name, language: org.language as Language, country: org.country },
    batchId,
    loginMethod: body.loginMethod,
    total,
    timing: config.durations.activation,
    groupSize: activationGroupSize,
    usersInFlight: activationsInFlight,
    pollEvery: '1 second',
  };
  try {
    await startWorkflow(temporal, 'bulkActivation', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
    });
  } catch (error) {
    // Nothing was started: the users are as they were (imported, or rejected or expired as before).
    await releaseBatch(db, batchId, earlier);
    throw error;
  }
  await auditOrganization(
    deps,
    org,
    actor,
    'activate-users',
    'requested',
    { batchId, total, again: earlier.length, loginMethod: body.loginMethod },
    workflowId,
  );
  return { batchId, total, again: earlier.length, workflowId };
}

/** Re-sends a user's pending activation (its link, or the means' code), or starts a lapsed one again; to the corrected `recipient` where given. */
export async function resendActivation(
  deps: OrganizationDeps,
  org: Organization,
  actor: Actor,
  userId: string,
  { recipient }: ResendActivationRequest,
): Promise<ActivationResent> {
  const { db, config, temporal } = deps;
  const user = await organizationUser(db, org, userId);
  // The audit trail says a correction happened, not to whom.
  const auditDetails = { userId: user.userId, ...(recipient ? { corrected: true } : {}) };
  // The step the activation waits at: the user's answer, or (a separate means) its activation with a code.
  for (const step of user.status === 'activation_pending' && user.activationWorkflowId
    ? (['activate-user', 'activate-means'] as const)
    : []) {
    try {
      // The pending activation goes to the corrected person; the user's row takes them once they answer.
      const sent = await temporal.workflow.getHandle(user.activationWorkflowId!).executeUpdate(resendStepUpdate, {
        args: [{ step, key: user.userId, actor, ...(recipient ? { recipient } : {}) }],
      });
      await auditOrganization(
        deps,
        org,
        actor,
        'resend-activation',
        'resent',
        auditDetails,
        user.activationWorkflowId!,
      );
      return { userId: user.userId, status: 'activation_pending', step, expiresAt: sent.expiresAt };
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError)) throw error;
      // Not waiting at this step, or the activation ended meanwhile (answered or lapsed): what the row says now decides.
    }
  }
  const fresh = (await findUser(db, user.userId))!;
  if (fresh.status !== 'expired') {
    const rejected =
      fresh.status === 'rejected'
        ? ': activate a user who rejected again with POST .../activations, choosing the method'
        : '';
    throw new HttpError(
      409,
      'not_resendable',
      `Only pending or expired activations can be re-sent; this one is ${fresh.status}${rejected}`,
      { status: fresh.status },
    );
  }
  const workflowId = reactivationId(org.orgId, user.userId, deps.newId().slice(0, 8));
  // Still the same batch's activation: it counts there as pending again. A lapsed activation is no one's any
  // more: the corrected person is the user from now on.
  const claimed = await reclaimExpiredUser(db, fresh, { workflowId, recipient, at: now() });
  if (!claimed) throw new HttpError(409, 'not_resendable', 'The activation was re-sent by someone else just now');
  const input: UserActivationInput = {
    organization: {
      orgId: org.orgId,
      name: org.name,
      language: (org.language as Language) ?? languageForCountry(org.country),
      country: org.country,
    },
    batchId: fresh.batchId ?? '',
    loginMethod: fresh.loginMethod as LoginMethod,
    users: [{ userId: fresh.userId, name: recipient?.name ?? fresh.name, email: recipient?.email ?? fresh.email }],
    timing: config.durations.activation,
  };
  try {
    await startWorkflow(temporal, 'userActivation', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
      ...userActivationStartDescription(input),
    });
  } catch (error) {
    await restoreExpiredUser(db, fresh);
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new HttpError(409, 'not_resendable', 'The activation was re-sent by someone else just now');
    throw error;
  }
  await auditOrganization(deps, org, actor, 'resend-activation', 'restarted', auditDetails, workflowId);
  return { userId: user.userId, status: 'activation_pending' };
}

export function organizationsRouter(deps: ApiDeps): Router {
  const { db, config } = deps;
  const router = Router();
  const { limited, perResentUser } = organizationLimits(config);
  // Access first (401/403), so nobody without it gets a body parsed.
  router.use('/:orgId', requireOrganizationAccess(deps), express.json({ limit: '1mb' }));

  /** The caller (checked above) and the organisation, or 404 (operator, no such organisation). */
  async function authorize(req: Request): Promise<{ actor: Actor; org: Organization }> {
    return { actor: req.organizationActor!, org: await findOrganization(db, String(req.params.orgId)) };
  }

  router.get('/:orgId', async (req, res) => {
    res.json(await organizationView(db, (await authorize(req)).org));
  });

  router.patch('/:orgId/login-policy', async (req, res) => {
    const { actor, org } = await authorize(req);
    res.json(await changeLoginPolicy(deps, org, actor, parseOr422(loginPolicyChange, req.body)));
  });

  router.post('/:orgId/setup/resend', ...limited(callLimits.setupResend), async (req, res) => {
    const { actor, org } = await authorize(req);
    parseOr422(setupResendRequest, req.body ?? {});
    req.workflowId = setupWorkflowId(org.orgId);
    res.status(202).json(await resendOrganizationSetup(deps, org, actor));
  });

  router.post('/:orgId/imported-users', ...limited(callLimits.import), async (req, res) => {
    const { actor, org } = await authorize(req);
    if (!req.is('text/csv')) throw new HttpError(415, 'unsupported_media_type', 'Send the NemID export as text/csv');
    const contentLength = req.get('content-length');
    const body = {
      stream: req,
      contentType: req.get('content-type'),
      contentLength: contentLength === undefined ? undefined : Number(contentLength),
    };
    const result = await importOrganizationUsers(deps, org, actor, body).catch((error: unknown) => {
      // Refused before the end of the body (a limit, a broken file): close the connection rather than read the rest.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    });
    res.json(result);
  });

  router.get('/:orgId/users', async (req, res) => {
    res.json(await listUsers(db, (await authorize(req)).org, parseOr422(usersQuery, req.query, 'query')));
  });

  router.delete('/:orgId/users/:userId', async (req, res) => {
    const { actor, org } = await authorize(req);
    await deleteImportedUser(deps, org, actor, String(req.params.userId));
    res.status(204).end();
  });

  router.post('/:orgId/activations', ...limited(callLimits.activation), async (req, res) => {
    const { actor, org } = await authorize(req);
    const started = await activateUsers(deps, org, actor, parseOr422(activationRequest, req.body));
    req.workflowId = started.workflowId;
    res.status(202).json(started);
  });

  router.get('/:orgId/activations/:batchId', async (req, res) => {
    res.json(await activationProgress(db, (await authorize(req)).org, String(req.params.batchId)));
  });

  router.post(
    '/:orgId/users/:userId/resend-activation',
    ...limited(callLimits.resend),
    perResentUser,
    async (req, res) => {
      const { actor, org } = await authorize(req);
      const body = parseOr422(resendActivationRequest, req.body ?? {});
      res.status(202).json(await resendActivation(deps, org, actor, String(req.params.userId), body));
    },
  );

  return router;
}
