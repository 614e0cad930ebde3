// Organisations connected through HTTP or set up straight in the DB, and NemID exports of any size, for the
// setup and user-activation tests and benchmark.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { listUsers } from '../../api/organizations';
import type { Db } from '../../db/open';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import type { OrganizationSetupInput } from '../../workflows/organization-setup.messages';
import { loginAs } from './login';
import { actionLink, getJson, postJson, waitForMail } from './mailbox';
import type { JsonAnswer } from './operator-http';
import type { Stack } from './stack';
import { eventually } from './wait';

/** A user as GET /api/organizations/:orgId/users lists one that is not deleted (a deleted user's name and e-mail are gone). */
export type ListedUser = Omit<Awaited<ReturnType<typeof listUsers>>['users'][number], 'name' | 'email'> & {
  name: string;
  email: string;
};

export interface Person {
  name: string;
  email: string;
}

/**
 * A company connected through HTTP the direct way: its `representative` starts the connection, logs in, names
 * `administrators` and approves. The organisation is connected and each administrator's setup mail is on its way.
 * `session`: the representative's session cookie; `termsVersion`: the terms they accepted.
 */
export async function connectedCompany(
  stack: Stack,
  options: { representative: Person; administrators: Person[]; company?: { name: string; cvr: string } },
): Promise<{ orgId: string; workflowId: string; session: string; termsVersion: string }> {
  const { representative, administrators: appointed } = options;
  const company = options.company ?? { name: 'Nordisk Testfabrik ApS', cvr: '12345678' };
  const started = await stack.api('POST', '/api/connections', {
    organization: { name: company.name, kind: 'company', country: 'DK', cvr: company.cvr },
    initiator: { role: 'representative', ...representative },
  });
  assert.equal(started.status, 201);
  const session = (await loginAs(stack.baseUrl, representative)).cookie;
  const prepared = await postJson(
    actionLink(await waitForMail(stack, representative.email)),
    { administrators: appointed },
    session,
  );
  const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion as string;
  assert.equal(
    (await postJson(prepared.body.next.url, { decision: 'approve', acceptTerms: true, termsVersion }, session)).body
      .state,
    'checking-company-register',
  );
  // The approval is answered as its link takes it; the process then checks the register and connects.
  await eventually(
    'the organisation connected',
    async () => (await stack.api('GET', `/api/connections/${started.body.connectionId}`)).body.stage === 'connected',
  );
  return { orgId: started.body.connectionId, workflowId: started.body.workflowId, session, termsVersion };
}

/**
 * A connected organisation (straight in the DB) whose setup process runs with a short expiry, so it lapses
 * within seconds: the administrator's setup link. `abroad`: a foreign company of that country, mailed in English.
 */
export async function connectedWithLapsingSetup(
  stack: Stack,
  options: {
    orgId: string;
    administrator: Person & { subject?: string };
    name?: string;
    abroad?: { country: string; subject: RegExp };
    expireAfter?: OrganizationSetupInput['timing']['expireAfter'];
  },
): Promise<string> {
  const { orgId, administrator, abroad } = options;
  const name = options.name ?? `Opsætning ${orgId}`;
  const organization = abroad
    ? { kind: 'foreign-company', country: abroad.country, language: 'en' }
    : { kind: 'company', country: 'DK', language: 'da' };
  const { organizations, administrators } = tables(stack.db);
  await stack.db
    .insert(organizations)
    .values({ orgId, name, ...organization, status: 'connected', connectedAt: new Date().toISOString() });
  await stack.db.insert(administrators).values({ orgId, name: administrator.name, email: administrator.email });
  const input: OrganizationSetupInput = {
    organization: { orgId, name, country: organization.country },
    administrators: [administrator],
    timing: { remindAfter: '1 hour', expireAfter: options.expireAfter ?? '3 seconds' },
  };
  await stack.client.workflow.start('organizationSetup', {
    workflowId: `setup-${orgId}`,
    taskQueue: stack.config.temporal.taskQueue,
    args: [input],
  });
  return actionLink(
    await waitForMail(stack, administrator.email, (mail) => (abroad ? abroad.subject : /Opsæt/).test(mail.subject)),
  );
}

/** The organisation row's identity: a Danish company named after its id. */
function danishCompany(orgId: string, cvr: string | null) {
  return { orgId, name: `Organisation ${orgId}`, kind: 'company', country: 'DK', cvr, language: 'da' } as const;
}

/** A connected organisation that has been set up (login policy chosen), with one active administrator. */
export async function seedActiveOrganization(
  db: Db,
  orgId: string,
  options: { cvr?: string; adminSubject?: string } = {},
): Promise<void> {
  const at = new Date().toISOString();
  const { organizations, administrators } = tables(db);
  await db.insert(organizations).values({
    ...danishCompany(orgId, options.cvr ?? null),
    status: 'active',
    allowPrivateMitId: true,
    separateMeans: ['app'],
    connectedAt: at,
    activatedAt: at,
  });
  await db.insert(administrators).values({
    orgId,
    email: `admin@${orgId}.example`,
    name: `Admin of ${orgId}`,
    subject: options.adminSubject ?? null,
    status: 'active',
    loginMethod: 'private',
  });
}

/** A connected organisation whose setup lapsed before anyone set it up (its setup process has ended or is gone). */
export async function seedLapsedSetup(db: Db, orgId: string): Promise<void> {
  const { organizations, administrators } = tables(db);
  await db.insert(organizations).values({
    ...danishCompany(orgId, null),
    status: 'setup_expired',
    connectedAt: new Date().toISOString(),
  });
  await db
    .insert(administrators)
    .values({ orgId, email: `admin@${orgId}.example`, name: `Admin of ${orgId}`, status: 'expired' });
}

/** `count` valid rows (`user<i>@<domain>`, imported in 2022), streamed, so even 100,000 rows are never one string. */
export function nemidExport(count: number, domain: string): Readable {
  return Readable.from(
    (function* () {
      yield 'name,email,nemidUserId,importedAt\n';
      for (let i = 0; i < count; i += 1000) {
        let chunk = '';
        for (let j = i; j < Math.min(count, i + 1000); j += 1)
          chunk += `User ${j},user${j}@${domain},RID:${100000 + j},2022-06-01\n`;
        yield chunk;
      }
    })(),
  );
}

/** POSTs a streamed export to the import call with the operator key. */
export async function postExport(
  baseUrl: string,
  operatorKey: string,
  orgId: string,
  body: Readable | string,
): Promise<JsonAnswer> {
  const response = await fetch(`${baseUrl}/api/organizations/${orgId}/imported-users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : (Readable.toWeb(body) as ReadableStream),
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

/**
 * An active organisation (`cvr`) whose imported `people` are all asked to activate with `loginMethod`; each
 * one's link, from their activation mail.
 */
export async function activationLinks(
  stack: Stack,
  orgId: string,
  options: { cvr: string; people: Person[]; loginMethod: string },
): Promise<string[]> {
  const { cvr, people, loginMethod } = options;
  await seedActiveOrganization(stack.db, orgId, { cvr });
  const rows = people.map((p, i) => `${p.name},${p.email},RID:${i + 1},2023-01-01`);
  const csv = `name,email,nemidUserId,importedAt\n${rows.join('\n')}\n`;
  assert.equal(
    (await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, csv)).body.imported,
    people.length,
  );
  assert.equal(
    (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod })).status,
    202,
  );
  const activation = new RegExp(stepTitles['activate-user'].da);
  return Promise.all(
    people.map(async (p) => actionLink(await waitForMail(stack, p.email, (mail) => activation.test(mail.subject)))),
  );
}
