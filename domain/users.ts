// Imported users: the rows of a NemID employee-signature export that may be imported,
// the login methods an administrator may choose when activating them, and the users' statuses.
import { z } from 'zod';
import { personName } from './names';
import { email, separateMeans, type SeparateMeans } from './step-inputs';

/** Only users imported from NemID before this date (Danish time) can still be activated. */
export const importCutoffDate = '2023-11-01';
/** 2023-11-01 00:00 in Copenhagen (CET, +01:00: summer time ended on 29 October). */
const importCutoffInstant = Date.parse('2023-11-01T00:00:00+01:00');

export const userStatuses = ['imported', 'activation_pending', 'active', 'rejected', 'expired', 'deleted'] as const;
export type UserStatus = (typeof userStatuses)[number];
/**
 * Users an administrator may (again) activate, or delete: imported users stay until they are activated
 * or deleted, and one who rejected or let the activation lapse may be activated again.
 */
export const activatableStatuses = ['imported', 'rejected', 'expired'] as const satisfies readonly UserStatus[];

/** How an activated user logs in on behalf of the organisation: the private MitID or one separate means. */
export const loginMethods = ['private', ...separateMeans] as const;
export type LoginMethod = (typeof loginMethods)[number];

export interface LoginPolicyView {
  allowPrivateMitId: boolean;
  separateMeans: SeparateMeans[];
}

export function offersLoginMethod(policy: LoginPolicyView, method: LoginMethod): boolean {
  return method === 'private' ? policy.allowPrivateMitId : policy.separateMeans.includes(method);
}

export const requiredColumns = ['name', 'email', 'nemidUserId', 'importedAt'] as const;
/** Optional: the organisation the row belongs to, by its org id. */
export const organizationColumn = 'orgId';

/** NemID employee ids as the export writes them, `CVR:<8 digits>-RID:<digits>`, or a bare RID or id. */
const nemidUserIdPattern = /^[A-Za-z0-9:._-]{1,64}$/;
const cvrPrefix = /^CVR:(\d{8})-/;

/** A date (`2023-10-31`, a Danish calendar day) or an ISO date-time with a zone (`2023-10-31T22:00:00Z`). */
const importedAtPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export interface ImportRow {
  name: string;
  email: string;
  nemidUserId: string;
  importedAt: string;
}

export type RowVerdict = { ok: true; row: ImportRow } | { ok: false; error: string };

export interface ImportingOrganization {
  orgId: string;
  cvr: string | null;
}

/** Where each column is, from the header row; undefined names the missing columns. */
export function readHeader(fields: string[]): { columns: Record<string, number> } | { missing: string[] } {
  const columns: Record<string, number> = {};
  fields.forEach((name, index) => {
    columns[name.trim()] ??= index;
  });
  const missing = requiredColumns.filter((name) => columns[name] === undefined);
  return missing.length > 0 ? { missing } : { columns };
}

function importedBeforeCutoff(value: string): boolean {
  if (value.length === 10) return value < importCutoffDate;
  return Date.parse(value) < importCutoffInstant;
}

/**
 * A row is imported when it is well-formed, was imported from NemID before 1 November 2023, and belongs
 * to this organisation: its `orgId` column (when the file has one and the row fills it) names it, and a
 * `CVR:`-prefixed nemidUserId carries its CVR number. Duplicates are found by the database (one user per
 * organisation and nemidUserId).
 */
export function checkImportRow(
  fields: string[],
  columns: Record<string, number>,
  organization: ImportingOrganization,
): RowVerdict {
  const cell = (name: string) => {
    const index = columns[name];
    return index === undefined ? undefined : fields[index]?.trim();
  };
  if (fields.length < Object.keys(columns).length)
    return { ok: false, error: `expected ${Object.keys(columns).length} columns, got ${fields.length}` };
  const name = personName.safeParse(cell('name') ?? '');
  if (!name.success) return { ok: false, error: `name: ${name.error.issues[0]!.message}` };
  const address = email.safeParse(cell('email') ?? '');
  if (!address.success) return { ok: false, error: 'email is not an e-mail address' };
  const nemidUserId = cell('nemidUserId') ?? '';
  if (!nemidUserIdPattern.test(nemidUserId)) return { ok: false, error: 'nemidUserId is missing or malformed' };
  const importedAt = cell('importedAt') ?? '';
  if (!importedAtPattern.test(importedAt) || Number.isNaN(Date.parse(importedAt)))
    return { ok: false, error: 'importedAt is not a date (YYYY-MM-DD or ISO date-time with zone)' };
  if (!importedBeforeCutoff(importedAt))
    return {
      ok: false,
      error: `imported on or after ${importCutoffDate}: only users imported before then can be activated`,
    };
  const rowOrg = cell(organizationColumn);
  if (rowOrg && rowOrg !== organization.orgId) return { ok: false, error: 'the row belongs to another organisation' };
  const cvr = cvrPrefix.exec(nemidUserId)?.[1];
  if (cvr !== undefined && cvr !== organization.cvr)
    return { ok: false, error: 'the nemidUserId belongs to another organisation (CVR)' };
  return { ok: true, row: { name: name.data, email: address.data, nemidUserId, importedAt } };
}

/** Bodies of the organisation calls (contract: Operator API). */
export const activationRequest = z
  .strictObject({
    userIds: z
      .array(z.uuid())
      .min(1)
      .max(10_000)
      .optional()
      .meta({ description: 'Users who are imported, rejected or expired (any other: 409 not_activatable)' }),
    all: z
      .literal(true)
      .optional()
      .meta({ description: 'Every user of the organisation who is imported, rejected or expired' }),
    loginMethod: z
      .enum(loginMethods)
      .meta({ description: 'One the organisation offers (else 422 login_method_not_offered)' }),
  })
  .refine((body) => (body.userIds === undefined) !== (body.all === undefined), {
    message: 'give either userIds or all: true',
    path: ['userIds'],
  })
  .meta({
    oneOf: [{ required: ['userIds'] }, { required: ['all'] }],
    examples: [{ all: true, loginMethod: 'private' }],
  });

/** Users chosen in the administration's list for a deletion or a re-send (each then done as its API call). */
export const userSelection = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(1000) });

/** The user the activation should have gone to (the export named someone else, or a wrong address); without it, to the user on record. */
export const resendActivationRequest = z.strictObject({
  recipient: z.strictObject({ name: personName, email }).optional(),
});

export const loginPolicyChange = z.strictObject({
  allowPrivateMitId: z.boolean().optional(),
  separateMeans: z.array(z.enum(separateMeans)).max(4).optional(),
  /** Where the users of a withdrawn method go: each withdrawn method in use must be given a method still offered. */
  reassign: z
    .partialRecord(z.enum(loginMethods), z.enum(loginMethods))
    .meta({ additionalProperties: false })
    .optional(),
});
