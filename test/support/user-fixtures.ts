// Organisations set up straight in the DB and NemID exports of any size, for the user-activation tests
// and benchmark.
import { Readable } from 'node:stream';
import type { listUsers } from '../../api/organizations';
import type { Db } from '../../db/open';
import { administrators, organizations } from '../../db/schema';
import type { JsonAnswer } from './operator-http';

/** A user as GET /api/organizations/:orgId/users lists one that is not deleted (a deleted user's name and e-mail are gone). */
export type ListedUser = Omit<ReturnType<typeof listUsers>['users'][number], 'name' | 'email'> & {
  name: string;
  email: string;
};

/** The organisation row's identity: a Danish company named after its id. */
function danishCompany(orgId: string, cvr: string | null) {
  return { orgId, name: `Organisation ${orgId}`, kind: 'company', country: 'DK', cvr, language: 'da' } as const;
}

/** A connected organisation that has been set up (login policy chosen), with one active administrator. */
export function seedActiveOrganization(
  db: Db,
  orgId: string,
  options: { cvr?: string; adminSubject?: string } = {},
): void {
  const at = new Date().toISOString();
  db.insert(organizations)
    .values({
      ...danishCompany(orgId, options.cvr ?? null),
      status: 'active',
      allowPrivateMitId: true,
      separateMeans: ['app'],
      connectedAt: at,
      activatedAt: at,
    })
    .run();
  db.insert(administrators)
    .values({
      orgId,
      email: `admin@${orgId}.example`,
      name: `Admin of ${orgId}`,
      subject: options.adminSubject ?? null,
      status: 'active',
      loginMethod: 'private',
    })
    .run();
}

/** A connected organisation whose setup lapsed before anyone set it up (its setup process has ended or is gone). */
export function seedLapsedSetup(db: Db, orgId: string): void {
  db.insert(organizations)
    .values({
      ...danishCompany(orgId, null),
      status: 'setup_expired',
      connectedAt: new Date().toISOString(),
    })
    .run();
  db.insert(administrators)
    .values({ orgId, email: `admin@${orgId}.example`, name: `Admin of ${orgId}`, status: 'expired' })
    .run();
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
