// The administration's pages: the organisations a person administers, one organisation (status,
// administrators, login policy, setup, audit log), its imported users, and a bulk activation's progress.
import type { Markup } from '../../activities/mail/html';
import {
  administratorStatuses,
  auditActions,
  auditOutcomes,
  formatDate,
  loginMethods as methodWords,
  organizationKinds,
  organizationStatuses,
  userStatuses as userStatusWords,
  wordFor,
} from '../../domain/glossary';
import type { Language } from '../../domain/language';
import { separateMeans } from '../../domain/step-inputs';
import { userStatuses, type LoginMethod, type LoginPolicyView } from '../../domain/users';
import type { ActivationProgress } from '../../workflows/bulk-activation.messages';
import type { Organization } from '../../db/organizations';
import type { UsersQuery, organizationView } from '../organizations';
import { Fragment, h } from '../pages/jsx';
import { Table } from '../pages/table';
import { renderPage, type Bar } from '../pages/layout';
import type { ImportResult } from '../user-import';
import { FieldError } from '../pages/field';
import { adminText, type AdminTextKey } from './texts';
import type { z } from 'zod';
import { type auditPage, type usersPage } from '../schemas';
import { Alert } from '../pages/alert';

type Texts = (key: AdminTextKey, values?: Record<string, string | number>) => string;
const textsFor =
  (language: Language): Texts =>
  (key, values) =>
    adminText(language, key, values);

export const organizationPath = (orgId: string) => `/admin/organizations/${encodeURIComponent(orgId)}`;

function adminBar(language: Language): Bar {
  const t = textsFor(language);
  return {
    home: { href: '/admin', label: t('administration') },
    links: [{ href: '/admin', label: t('myOrganizations') }],
    logout: { action: '/auth/logout', label: t('logOut') },
  };
}

function renderAdminPage(
  language: Language,
  title: string,
  children: JSX.Element | JSX.Element[],
  scripts?: string[],
): string {
  return renderPage({ language, title, bar: adminBar(language), wide: true, scripts, children });
}

/** What a page says above its content: a translated notice after an action, or what went wrong. */
export interface Messages {
  notice?: string;
  error?: string;
  /** Beside the fields, by field name. */
  fieldErrors?: Record<string, string>;
}

function MessageLines({ messages }: { messages: Messages }): Markup {
  return (
    <>
      {messages.notice ? (
        <p class="notice" role="status">
          {messages.notice}
        </p>
      ) : null}
      <Alert>{messages.error}</Alert>
    </>
  );
}

function OrganizationNav({ org, t, current }: { org: Organization; t: Texts; current: 'overview' | 'users' }): Markup {
  const base = organizationPath(org.orgId);
  return (
    <nav class="pager" aria-label={org.name}>
      <a href={base} aria-current={current === 'overview' ? 'page' : undefined}>
        {t('overview')}
      </a>
      <a href={`${base}/users`} aria-current={current === 'users' ? 'page' : undefined}>
        {t('importedUsers')}
      </a>
    </nav>
  );
}

export function organizationsListPage(language: Language, orgs: Organization[]): string {
  const t = textsFor(language);
  return renderAdminPage(
    language,
    t('myOrganizations'),
    <section class="card">
      <h1>{t('myOrganizations')}</h1>
      {orgs.length === 0 ? (
        <p>{t('noOrganizations')}</p>
      ) : (
        <Table headings={[t('organization'), t('status')]}>
          {orgs.map((org) => (
            <tr>
              <td>
                <a href={organizationPath(org.orgId)}>{org.name}</a>
              </td>
              <td>{wordFor(organizationStatuses, org.status, language)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>,
  );
}

export function problemPage(language: Language, status: 403 | 404): string {
  const t = textsFor(language);
  const title = status === 403 ? t('forbiddenTitle') : t('notFoundTitle');
  return renderAdminPage(
    language,
    title,
    <section class="card">
      <h1>{title}</h1>
      <p>{status === 403 ? t('forbidden') : t('notFoundTitle')}</p>
      <p>
        <a href="/admin">{t('myOrganizations')}</a>
      </p>
    </section>,
  );
}

/** Any other refusal (too many attempts, a broken form), in words, with the way back. */
export function errorPage(language: Language, message: string): string {
  const t = textsFor(language);
  return renderAdminPage(
    language,
    message,
    <section class="card">
      <h1>{message}</h1>
      <p>
        <a href="/admin">{t('myOrganizations')}</a>
      </p>
    </section>,
  );
}

/** The policy form as posted: what was chosen, and (after a 409) the methods in use that must be reassigned. */
export interface PolicyForm {
  policy: LoginPolicyView;
  inUse?: Record<string, number>;
  offered?: LoginMethod[];
  reassign?: Partial<Record<LoginMethod, string>>;
}

function PolicySection({
  language,
  org,
  form,
  messages,
}: {
  language: Language;
  org: Organization;
  form?: PolicyForm;
  messages: Messages;
}): Markup {
  const t = textsFor(language);
  const current =
    form?.policy ??
    (org.allowPrivateMitId === null
      ? null
      : {
          allowPrivateMitId: org.allowPrivateMitId,
          separateMeans: (org.separateMeans ?? []) as LoginPolicyView['separateMeans'],
        });
  return (
    <section class="card" aria-labelledby="policy">
      <h2 id="policy">{t('loginPolicy')}</h2>
      {current === null ? (
        <p>{t('notSetUp')}</p>
      ) : (
        <form method="post" action={`${organizationPath(org.orgId)}/login-policy`}>
          <MessageLines messages={messages} />
          <p class="muted">{t('policyHint')}</p>
          <label class="choice">
            <input type="checkbox" name="allowPrivateMitId" value="true" checked={current.allowPrivateMitId} />
            {t('allowPrivateMitId')}
          </label>
          <fieldset>
            <legend>{t('separateMeans')}</legend>
            {separateMeans.map((means) => (
              <label class="choice">
                <input
                  type="checkbox"
                  name="separateMeans"
                  value={means}
                  checked={current.separateMeans.includes(means)}
                />
                {wordFor(methodWords, means, language)}
              </label>
            ))}
          </fieldset>
          {form?.inUse && Object.keys(form.inUse).length > 0 ? (
            <fieldset>
              <legend>{t('reassignTitle')}</legend>
              {Object.entries(form.inUse).map(([method, count]) => (
                <>
                  <label for={`reassign-${method}`}>
                    {t('reassignLabel', { method: wordFor(methodWords, method, language), count })}
                  </label>
                  <select id={`reassign-${method}`} name={`reassign.${method}`}>
                    {(form.offered ?? []).map((to) => (
                      <option value={to} selected={form.reassign?.[method as LoginMethod] === to}>
                        {wordFor(methodWords, to, language)}
                      </option>
                    ))}
                  </select>
                </>
              ))}
            </fieldset>
          ) : null}
          <button type="submit">{t('savePolicy')}</button>
        </form>
      )}
    </section>
  );
}

type OrganizationView = Awaited<ReturnType<typeof organizationView>>;
type AuditPage = z.infer<typeof auditPage>;

function auditActionWord(action: string, language: Language): string {
  const [kind] = action.split(':');
  return wordFor(auditActions, kind!, language);
}

function AuditSection({ language, org, audit }: { language: Language; org: Organization; audit: AuditPage }): Markup {
  const t = textsFor(language);
  const base = organizationPath(org.orgId);
  return (
    <section class="card" aria-labelledby="audit">
      <h2 id="audit">{t('auditLog')}</h2>
      {audit.events.length === 0 ? (
        <p>{t('noEvents')}</p>
      ) : (
        <Table headings={[t('when'), t('who'), t('what'), t('outcome')]}>
          {audit.events.map((event) => (
            <tr>
              <td>{formatDate(event.at, language)}</td>
              <td>
                <code class="long">{event.actor}</code>
              </td>
              <td>{auditActionWord(event.action, language)}</td>
              <td>{wordFor(auditOutcomes, event.outcome, language)}</td>
            </tr>
          ))}
        </Table>
      )}
      <nav class="pager" aria-label={t('auditLog')}>
        <a href={`${base}#audit`}>{t('firstPage')}</a>
        {audit.nextCursor ? (
          <a href={`${base}?auditCursor=${encodeURIComponent(audit.nextCursor)}#audit`}>{t('nextPage')}</a>
        ) : null}
      </nav>
    </section>
  );
}

export function organizationPage(
  language: Language,
  org: Organization,
  view: OrganizationView,
  audit: AuditPage,
  messages: Messages,
  policyForm?: PolicyForm,
  policyMessages: Messages = {},
): string {
  const t = textsFor(language);
  const setupPending = view.administrators.some((admin) => admin.status !== 'active');
  return renderAdminPage(
    language,
    org.name,
    <>
      <section class="card">
        <h1>{org.name}</h1>
        <OrganizationNav org={org} t={t} current="overview" />
        <MessageLines messages={messages} />
        <dl>
          <dt>{t('status')}</dt>
          <dd>{wordFor(organizationStatuses, org.status, language)}</dd>
          <dt>{t('kind')}</dt>
          <dd>{wordFor(organizationKinds, org.kind, language)}</dd>
          {org.cvr ? (
            <>
              <dt>{t('cvr')}</dt>
              <dd>{org.cvr}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section class="card" aria-labelledby="administrators">
        <h2 id="administrators">{t('administrators')}</h2>
        <Table headings={[t('name'), t('email'), t('status'), t('loginMethod')]}>
          {view.administrators.map((admin) => (
            <tr>
              <td>{admin.name}</td>
              <td>{admin.email}</td>
              <td>{wordFor(administratorStatuses, admin.status, language)}</td>
              <td>{admin.loginMethod ? wordFor(methodWords, admin.loginMethod, language) : t('notChosen')}</td>
            </tr>
          ))}
        </Table>
        {setupPending ? (
          <form method="post" action={`${organizationPath(org.orgId)}/setup/resend`}>
            <h3>{t('setup')}</h3>
            <p>{t('setupPending')}</p>
            <button type="submit" class="secondary">
              {t('resendSetup')}
            </button>
          </form>
        ) : null}
      </section>
      <PolicySection language={language} org={org} form={policyForm} messages={policyMessages} />
      <AuditSection language={language} org={org} audit={audit} />
    </>,
  );
}

type UsersPage = z.infer<typeof usersPage>;

export interface UsersPageProps {
  language: Language;
  org: Organization;
  query: UsersQuery;
  page: UsersPage;
  /** Users who can be activated: the "select all" choice. */
  activatable: number;
  offered: LoginMethod[];
  messages: Messages;
  imported?: ImportResult;
  rowReason: (error: string) => string;
}

/** The list's own view (filter and page) as hidden fields, so an action returns to it. */
function ViewFields({ query }: { query: UsersQuery }): Markup {
  return (
    <>
      {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
      {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
      {query.cursor ? <input type="hidden" name="cursor" value={query.cursor} /> : null}
    </>
  );
}

function ImportSection({
  language,
  org,
  imported,
  rowReason,
}: Pick<UsersPageProps, 'language' | 'org' | 'imported' | 'rowReason'>): Markup {
  const t = textsFor(language);
  return (
    <section class="card" aria-labelledby="import">
      <h2 id="import">{t('importTitle')}</h2>
      {imported ? (
        <div role="status">
          <h3>{t('importResult')}</h3>
          <p>
            {adminText(language, 'rejectedRows')}: {imported.rejectedCount}
          </p>
          <Table headings={[t('row'), t('reason')]}>
            {imported.rejected.map((row) => (
              <tr>
                <td>{row.row}</td>
                <td>{rowReason(row.error)}</td>
              </tr>
            ))}
          </Table>
          {imported.rejectedNotListed > 0 ? <p>{t('moreRejected', { count: imported.rejectedNotListed })}</p> : null}
        </div>
      ) : null}
      <form method="post" action={`${organizationPath(org.orgId)}/imported-users`} enctype="multipart/form-data">
        <p class="muted">{t('importHint')}</p>
        <label for="charset">{t('charset')}</label>
        <select id="charset" name="charset">
          <option value="utf-8">UTF-8</option>
          <option value="windows-1252">Windows-1252 (ISO-8859-1)</option>
        </select>
        <label for="file">{t('file')}</label>
        <input id="file" type="file" name="file" accept=".csv,text/csv" required />
        <button type="submit">{t('importButton')}</button>
      </form>
    </section>
  );
}

export function usersPageHtml({
  language,
  org,
  query,
  page,
  activatable,
  offered,
  messages,
  imported,
  rowReason,
}: UsersPageProps): string {
  const t = textsFor(language);
  const base = organizationPath(org.orgId);
  const filter = new URLSearchParams({
    ...(query.q ? { q: query.q } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  const next = page.nextCursor
    ? `${base}/users?${new URLSearchParams({ ...Object.fromEntries(filter), cursor: page.nextCursor })}`
    : undefined;
  return renderAdminPage(
    language,
    `${t('importedUsers')} – ${org.name}`,
    <>
      <section class="card">
        <h1>{t('importedUsers')}</h1>
        <p>{org.name}</p>
        <OrganizationNav org={org} t={t} current="users" />
        <MessageLines messages={messages} />
        <form method="get" action={`${base}/users`} class="filters" role="search">
          <div>
            <label for="q">{t('search')}</label>
            <input id="q" type="search" name="q" value={query.q ?? ''} />
          </div>
          <div>
            <label for="status">{t('filterStatus')}</label>
            <select id="status" name="status">
              <option value="">{t('allStatuses')}</option>
              {userStatuses.map((status) => (
                <option value={status} selected={query.status === status}>
                  {wordFor(userStatusWords, status, language)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">{t('searchButton')}</button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="users">
        <h2 id="users">{t('selectedUsers')}</h2>
        <form method="post" action={`${base}/activations`}>
          <ViewFields query={query} />
          {page.users.length === 0 ? (
            <p>{t('noUsers')}</p>
          ) : (
            <Table headings={[t('select'), t('name'), t('email'), t('status'), t('loginMethod'), t('importedAt')]}>
              {page.users.map((user) => (
                <tr>
                  <td>
                    {user.status === 'deleted' ? null : (
                      <input
                        type="checkbox"
                        name="userIds"
                        value={user.userId}
                        id={`user-${user.userId}`}
                        aria-label={t('selectUser', { name: user.name ?? '' })}
                      />
                    )}
                  </td>
                  <td>{user.status === 'deleted' ? t('deletedUser') : user.name}</td>
                  <td>{user.email ?? ''}</td>
                  <td>{wordFor(userStatusWords, user.status, language)}</td>
                  <td>{user.loginMethod ? wordFor(methodWords, user.loginMethod, language) : ''}</td>
                  <td>{formatDate(user.importedAt, language, false)}</td>
                </tr>
              ))}
            </Table>
          )}
          <FieldError id="userIds-error" message={messages.fieldErrors?.userIds} />
          <label class="choice">
            <input type="checkbox" name="all" value="true" />
            {t('selectAll', { count: activatable })}
          </label>
          <div class="filters">
            <div>
              <label for="loginMethod">{t('activateWith')}</label>
              <select
                id="loginMethod"
                name="loginMethod"
                aria-describedby={messages.fieldErrors?.loginMethod ? 'loginMethod-error' : undefined}
              >
                {offered.map((method) => (
                  <option value={method}>{wordFor(methodWords, method, language)}</option>
                ))}
              </select>
              <FieldError id="loginMethod-error" message={messages.fieldErrors?.loginMethod} />
            </div>
            <div>
              <button type="submit">{t('activate')}</button>
            </div>
            <div>
              <button type="submit" class="secondary" formaction={`${base}/users/resend-activation`}>
                {t('resend')}
              </button>
            </div>
            <div>
              <button type="submit" class="danger" formaction={`${base}/users/delete`}>
                {t('delete')}
              </button>
            </div>
          </div>
        </form>
        <nav class="pager" aria-label={t('importedUsers')}>
          <a href={`${base}/users${filter.size > 0 ? `?${filter}` : ''}`}>{t('firstPage')}</a>
          {next ? <a href={next}>{t('nextPage')}</a> : null}
        </nav>
      </section>
      <ImportSection language={language} org={org} imported={imported} rowReason={rowReason} />
    </>,
  );
}

const countKeys = ['emailed', 'active', 'rejected', 'expired', 'failed'] as const;

export function progressPage(
  language: Language,
  org: Organization,
  progress: ActivationProgress & { batchId: string },
  messages: Messages,
): string {
  const t = textsFor(language);
  const base = organizationPath(org.orgId);
  const self = `${base}/activations/${encodeURIComponent(progress.batchId)}`;
  return renderAdminPage(
    language,
    `${t('progressTitle')} – ${org.name}`,
    <section
      class="card"
      id="activation-progress"
      data-progress-url={`/api/organizations/${encodeURIComponent(org.orgId)}/activations/${encodeURIComponent(progress.batchId)}`}
    >
      <h1>{t('progressTitle')}</h1>
      <p>{org.name}</p>
      <MessageLines messages={messages} />
      <label for="progress-bar">{t('progressLabel')}</label>
      <progress id="progress-bar" max={progress.total} value={progress.active}>
        {progress.active} / {progress.total}
      </progress>
      <p aria-live="polite">
        <strong data-count="active">{progress.active}</strong> {t('progressSummary', { total: progress.total })}
      </p>
      <dl aria-live="polite">
        {countKeys.map((key) => (
          <>
            <dt>{t(key)}</dt>
            <dd data-count={key}>{progress[key]}</dd>
          </>
        ))}
      </dl>
      <p data-when="sending" hidden={progress.done}>
        {t('sending')}
      </p>
      <p data-when="done" hidden={!progress.done}>
        {t('allSent')}
      </p>
      <nav class="pager">
        <a href={self} id="refresh">
          {t('refresh')}
        </a>
        <a href={`${base}/users`}>{t('backToUsers')}</a>
      </nav>
    </section>,
    ['activation-progress.js'],
  );
}
