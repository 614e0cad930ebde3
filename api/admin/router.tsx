// The administration for organisation administrators (`/admin`): after a private-MitID login, the
// organisations the person actively administers, each in its own language. Every form posts to a route
// here that validates with the API's schema and acts through the API's own function (api/organizations.ts),
// then answers 303 back with a notice, or the page again with the 4xx and what went wrong.
import busboy from 'busboy';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import {
  findOrganizationRow,
  isActiveAdministrator,
  organizationsAdministeredBy,
  type Organization,
} from '../../db/organizations';
import { languageForCountry, type Language } from '../../domain/language';
import { separateMeans } from '../../domain/step-inputs';
import {
  activatableStatuses,
  activationRequest,
  loginMethods,
  loginPolicyChange,
  resendActivationRequest,
  userSelection,
  type LoginMethod,
} from '../../domain/users';
import { auditEventsOf } from '../audit';
import { browserLanguage } from '../pages/language';
import type { ApiDeps } from '../deps';
import { HttpError, parseOr422 } from '../errors';
import {
  activateUsers,
  activationProgress,
  callLimits,
  changeLoginPolicy,
  deleteImportedUser,
  findOrganization,
  importOrganizationUsers,
  listUsers,
  offeredMethods,
  organizationLimits,
  organizationView,
  policyOf,
  resendActivation,
  resendOrganizationSetup,
  type UsersQuery,
} from '../organizations';
import { contentSecurityPolicy } from '../middleware';
import { loginUrlFor } from '../session';
import { maxImportBytes, type ImportResult } from '../user-import';
import {
  errorPage,
  organizationPath,
  organizationPage,
  organizationsListPage,
  problemPage,
  progressPage,
  usersPageHtml,
  type Messages,
  type PolicyForm,
} from './pages';
import { errorText, noticeKeys, noticeText, rowReasonText, type NoticeKey } from './texts';
import { auditQuery, uploadCharset, usersQuery } from '../schemas';

const usersPageSize = 50;

/** A form field that may come once or several times. */
const many = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
const one = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A list filter's value for its schema: blank is none, and a repeated parameter stays a list, which the schema refuses. */
const listValue = (value: unknown): unknown => (value === '' ? undefined : value);

async function administeredOrganization(
  deps: Pick<ApiDeps, 'db'>,
  orgId: string,
  subject: string,
): Promise<Organization | undefined> {
  return (await isActiveAdministrator(deps.db, orgId, subject)) ? await findOrganization(deps.db, orgId) : undefined;
}

interface OrganizationContext {
  org: Organization;
  language: Language;
}

const contextOf = (res: Response) => res.locals.admin as OrganizationContext;

/** The notice a `?done=` after a redirect stands for, with its counts. */
function noticeFrom(req: Request, language: Language): string | undefined {
  const done = one(req.query.done);
  if (!done || !noticeKeys.includes(done as NoticeKey)) return undefined;
  const count = (name: string) => String(Number(one(req.query[name])) || 0);
  return noticeText(language, done as NoticeKey, {
    count: count('count'),
    imported: count('imported'),
    rejected: count('rejected'),
  });
}

/** An API error as the page shows it: its translated message, and beside the fields the invalid ones. */
function messagesOf(error: HttpError, language: Language): Messages {
  if (error.code === 'login_method_in_use' && (error.details as { administrators?: unknown })?.administrators)
    return { error: errorText(language, 'administrator_method_in_use') };
  const fieldErrors: Record<string, string> = {};
  if (error.code === 'invalid_request' && Array.isArray(error.details)) {
    for (const issue of error.details as Array<{ path: string }>) {
      const field = issue.path.split('.')[0] ?? '';
      fieldErrors[field] =
        field === 'userIds'
          ? errorText(language, 'no_selection')
          : field === 'loginMethod'
            ? errorText(language, 'login_method_not_offered')
            : errorText(language, 'invalid_request');
    }
  }
  if (error.code === 'login_method_not_offered') fieldErrors.loginMethod = errorText(language, error.code);
  return { error: errorText(language, error.code), fieldErrors };
}

/** Where an action on the list returns to: the same filter and page. */
function usersPath(org: Organization, form: Record<string, unknown>, done: Record<string, string | number>): string {
  const view = Object.fromEntries(
    ['q', 'status', 'cursor'].flatMap((name) => (one(form[name]) ? [[name, one(form[name])!]] : [])),
  );
  return `${organizationPath(org.orgId)}/users?${new URLSearchParams({ ...view, ...Object.fromEntries(Object.entries(done).map(([k, v]) => [k, String(v)])) })}`;
}

/** Reads the upload's one file and streams it into the import as it arrives. */
function importUpload(deps: ApiDeps, req: Request, org: Organization): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 4, fileSize: maxImportBytes + 1 } });
    } catch {
      reject(new HttpError(400, 'bad_request', 'Send the export as multipart/form-data'));
      return;
    }
    let charset: string = 'utf-8';
    let received = false;
    parser.on('field', (name, value) => {
      if (name === 'charset') charset = value;
    });
    parser.on('file', (_name, stream) => {
      received = true;
      const parsed = uploadCharset.safeParse(charset);
      const body = {
        stream,
        contentType: `text/csv; charset=${parsed.success ? parsed.data : charset}`,
        contentLength: undefined,
      };
      importOrganizationUsers(deps, org, req.organizationActor!, body).then(resolve, (error: unknown) => {
        // The rest of the file is read and dropped, so the answer can follow the request.
        stream.resume();
        reject(error);
      });
    });
    parser.on('close', () => {
      if (!received) reject(new HttpError(422, 'no_file', 'Choose a file'));
    });
    parser.on('error', () => reject(new HttpError(400, 'bad_request', 'The upload is not valid multipart/form-data')));
    req.pipe(parser);
  });
}

export function adminRouter(deps: ApiDeps): Router {
  const { db, config } = deps;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '256kb' });
  const { limited } = organizationLimits(config);

  // Nobody without a session: a browser is led to the login and back (from a form: to the start page);
  // any other client is told where the login is.
  router.use('/admin', (req, res, next) => {
    if (req.session) return next();
    const loginUrl = loginUrlFor(req.method === 'GET' ? req.originalUrl : '/admin');
    if (req.accepts(['json', 'html']) === 'html') return res.redirect(303, loginUrl);
    next(
      new HttpError(
        401,
        'unauthorized',
        'Log in with your private MitID as an administrator of the organisation',
        undefined,
        { fields: { loginUrl } },
      ),
    );
  });

  /** Pages of no one organisation speak the language of the person's organisations, else the browser's. */
  const personLanguage = (req: Request, orgs: Organization[]) =>
    orgs[0] ? languageForCountry(orgs[0].country) : browserLanguage(req);

  router.get('/admin', async (req, res) => {
    const orgs = await organizationsAdministeredBy(db, req.session!.subject);
    res.type('html').send(organizationsListPage(personLanguage(req, orgs), orgs));
  });

  // Another organisation's pages (or one that does not exist) answer 403 alike: nobody learns which exist.
  router.use('/admin/organizations/:orgId', async (req, res, next) => {
    const orgId = String(req.params.orgId);
    const org = await administeredOrganization(deps, orgId, req.session!.subject);
    if (!org) {
      const known = await findOrganizationRow(db, orgId);
      res
        .status(403)
        .type('html')
        .send(
          problemPage(
            known
              ? languageForCountry(known.country)
              : personLanguage(req, await organizationsAdministeredBy(db, req.session!.subject)),
            403,
          ),
        );
      return;
    }
    req.organizationActor = { kind: 'person', subject: req.session!.subject, name: req.session!.name };
    res.locals.admin = { org, language: languageForCountry(org.country) } satisfies OrganizationContext;
    next();
  });

  async function renderOrganization(
    req: Request,
    res: Response,
    status: number,
    messages: Messages,
    policyForm?: PolicyForm,
    policyMessages?: Messages,
  ): Promise<void> {
    const { org, language } = contextOf(res);
    const fresh = await findOrganization(db, org.orgId);
    const query = auditQuery.safeParse({ cursor: one(req.query.auditCursor) });
    const audit = await auditEventsOf(db, org.orgId, query.success ? query.data : { limit: 100 });
    res
      .status(status)
      .type('html')
      .send(
        organizationPage(
          language,
          fresh,
          await organizationView(db, fresh),
          audit,
          messages,
          policyForm,
          policyMessages,
        ),
      );
  }

  router.get('/admin/organizations/:orgId', async (req, res) => {
    await renderOrganization(req, res, 200, { notice: noticeFrom(req, contextOf(res).language) });
  });

  router.post('/admin/organizations/:orgId/login-policy', form, async (req, res) => {
    const { org, language } = contextOf(res);
    const reassign = Object.fromEntries(
      loginMethods.flatMap((method) =>
        one(req.body?.[`reassign.${method}`]) ? [[method, one(req.body[`reassign.${method}`])!]] : [],
      ),
    );
    const candidate = {
      allowPrivateMitId: req.body?.allowPrivateMitId === 'true',
      separateMeans: many(req.body?.separateMeans),
      ...(Object.keys(reassign).length > 0 ? { reassign } : {}),
    };
    try {
      await changeLoginPolicy(deps, org, req.organizationActor!, parseOr422(loginPolicyChange, candidate));
      res.redirect(303, `${organizationPath(org.orgId)}?done=policy`);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      const details = (error.details ?? {}) as { inUse?: Record<string, number>; offered?: LoginMethod[] };
      const chosen = {
        allowPrivateMitId: candidate.allowPrivateMitId,
        separateMeans: candidate.separateMeans.filter((means): means is (typeof separateMeans)[number] =>
          (separateMeans as readonly string[]).includes(means),
        ),
      };
      const policyForm: PolicyForm = {
        policy: chosen,
        inUse: details.inUse,
        offered: details.offered,
        reassign: reassign as PolicyForm['reassign'],
      };
      await renderOrganization(req, res, error.status, {}, policyForm, messagesOf(error, language));
    }
  });

  router.post('/admin/organizations/:orgId/setup/resend', ...limited(callLimits.setupResend), async (req, res) => {
    const { org, language } = contextOf(res);
    try {
      await resendOrganizationSetup(deps, org, req.organizationActor!);
      res.redirect(303, `${organizationPath(org.orgId)}?done=setupResent`);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      await renderOrganization(req, res, error.status, messagesOf(error, language));
    }
  });

  async function renderUsers(
    req: Request,
    res: Response,
    status: number,
    messages: Messages,
    view: Record<string, unknown> = req.query,
    imported?: ImportResult,
  ): Promise<void> {
    const { org, language } = contextOf(res);
    const parsed = usersQuery.safeParse({
      q: listValue(typeof view.q === 'string' ? view.q.trim() : view.q),
      status: listValue(view.status),
      cursor: listValue(view.cursor),
      limit: usersPageSize,
    });
    const query: UsersQuery = parsed.success ? parsed.data : { limit: usersPageSize };
    const counts = (await organizationView(db, org)).users;
    const policy = policyOf(org);
    res
      .status(parsed.success ? status : 422)
      .type('html')
      .send(
        usersPageHtml({
          language,
          org,
          query,
          page: await listUsers(db, org, query),
          activatable: activatableStatuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0),
          offered: policy ? offeredMethods(policy) : [],
          messages: parsed.success ? messages : { ...messages, error: errorText(language, 'invalid_request') },
          imported,
          rowReason: (error) => rowReasonText(language, error),
        }),
      );
  }

  router.get('/admin/organizations/:orgId/users', async (req, res) => {
    await renderUsers(req, res, 200, { notice: noticeFrom(req, contextOf(res).language) });
  });

  /** Runs a list action: 303 back to the list on success, the list again with the error on a 4xx. */
  function listAction(run: (req: Request, org: Organization) => Promise<string>): RequestHandler {
    return async (req, res) => {
      try {
        res.redirect(303, await run(req, contextOf(res).org));
      } catch (error) {
        if (!(error instanceof HttpError) || error.status >= 500) throw error;
        await renderUsers(req, res, error.status, messagesOf(error, contextOf(res).language), req.body ?? {});
      }
    };
  }

  router.post(
    '/admin/organizations/:orgId/activations',
    ...limited(callLimits.activation),
    form,
    listAction(async (req, org) => {
      const selected = many(req.body?.userIds);
      const body = parseOr422(activationRequest, {
        ...(req.body?.all === 'true' ? { all: true } : selected.length > 0 ? { userIds: selected } : {}),
        loginMethod: one(req.body?.loginMethod),
      });
      const started = await activateUsers(deps, org, req.organizationActor!, body);
      return `${organizationPath(org.orgId)}/activations/${started.batchId}?done=activated&count=${started.total}`;
    }),
  );

  router.post(
    '/admin/organizations/:orgId/users/delete',
    form,
    listAction(async (req, org) => {
      const { userIds } = parseOr422(userSelection, { userIds: many(req.body?.userIds) });
      for (const userId of userIds) await deleteImportedUser(deps, org, req.organizationActor!, userId);
      return usersPath(org, req.body, { done: 'deleted', count: userIds.length });
    }),
  );

  router.post(
    '/admin/organizations/:orgId/users/resend-activation',
    ...limited(callLimits.resend),
    form,
    listAction(async (req, org) => {
      const { userIds } = parseOr422(userSelection, { userIds: many(req.body?.userIds) });
      const body = parseOr422(resendActivationRequest, {});
      for (const userId of userIds) await resendActivation(deps, org, req.organizationActor!, userId, body);
      return usersPath(org, req.body, { done: 'resent', count: userIds.length });
    }),
  );

  router.post('/admin/organizations/:orgId/imported-users', ...limited(callLimits.import), async (req, res) => {
    const { org, language } = contextOf(res);
    try {
      const result = await importUpload(deps, req, org);
      // The result page itself (no redirect): a redirect would lose which rows were refused, and a repeated
      // upload only finds its rows there already.
      await renderUsers(
        req,
        res,
        200,
        {
          notice: noticeText(language, 'imported', {
            imported: String(result.imported),
            rejected: String(result.rejectedCount),
          }),
        },
        {},
        result.rejectedCount > 0 ? result : undefined,
      );
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      if (!req.complete) res.setHeader('Connection', 'close');
      const line = (error.details as { line?: number } | undefined)?.line;
      const messages = messagesOf(error, language);
      await renderUsers(
        req,
        res,
        error.status,
        line ? { ...messages, error: `${messages.error} (${line})` } : messages,
        {},
      );
    }
  });

  router.get('/admin/organizations/:orgId/activations/:batchId', async (req, res) => {
    const { org, language } = contextOf(res);
    try {
      const progress = await activationProgress(db, org, String(req.params.batchId));
      // Its script polls the batch's progress from this origin (api/pages/assets/activation-progress.js).
      res.setHeader('Content-Security-Policy', `${contentSecurityPolicy}; connect-src 'self'`);
      res.type('html').send(progressPage(language, org, progress, { notice: noticeFrom(req, language) }));
    } catch (error) {
      if (!(error instanceof HttpError) || (error.status !== 403 && error.status !== 404)) throw error;
      res.status(error.status).type('html').send(problemPage(language, error.status));
    }
  });

  // What the routes above leave to Express (a limit's 429, a body that cannot be read): a page, not JSON.
  router.use('/admin', ((error, req, res, next) => {
    if (!(error instanceof HttpError) && !(typeof error?.status === 'number' && error.status < 500)) return next(error);
    const status: number = error.status;
    // Without a session there is no one to show a page to: the API's JSON answer (above) says where to log in.
    if (status >= 500 || status === 401) return next(error);
    const language = (res.locals.admin as OrganizationContext | undefined)?.language ?? browserLanguage(req);
    res
      .status(status)
      .type('html')
      .send(errorPage(language, errorText(language, error instanceof HttpError ? error.code : 'invalid_request')));
  }) as ErrorRequestHandler);

  return router;
}
