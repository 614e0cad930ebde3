// What each API route takes (bodies, queries, path parameters) and the pages some answer with, in one
// place: the routes parse with these and the OpenAPI document (api/openapi-operations.ts) describes them.
// A step's input, which the workflows check too, is in domain/step-inputs.ts.
import { z } from 'zod';
import { requiredWhen } from '../domain/json-schema';
import { organizationName, personName } from '../domain/names';
import { countryCodes, organizationKinds } from '../domain/organization';
import { processTypes } from '../domain/process-types';
import { email, reason } from '../domain/step-inputs';
import { stepNames } from '../domain/steps';
import { termsVersionPattern } from '../domain/terms';
import { loginMethods, userStatuses } from '../domain/users';

export const cancelBody = z.strictObject({ reason });

// Connections (api/connections.ts)
const person = z.strictObject({ name: personName, email });

export const startConnectionBody = z
  .strictObject({
    organization: z
      .strictObject({
        name: organizationName,
        kind: z.enum(organizationKinds),
        /** ISO 3166-1 alpha-2: `DK`, except for a foreign company, which names its own country. */
        country: z.enum([...countryCodes] as [string, ...string[]], {
          error: 'expected an ISO 3166-1 alpha-2 country code in capitals, such as DK or SE',
        }),
        cvr: z
          .string()
          .regex(/^\d{8}$/, 'a CVR number has 8 digits')
          .optional(),
      })
      .meta({
        allOf: [
          requiredWhen('kind', 'company', { required: ['cvr'] }),
          {
            if: { properties: { kind: { not: { const: 'foreign-company' } } } },
            then: { properties: { country: { const: 'DK' } } },
          },
        ],
      }),
    initiator: person.extend({ role: z.enum(['representative', 'registrant']) }),
    representative: person.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.organization.kind !== 'foreign-company' && body.organization.country !== 'DK') {
      ctx.addIssue({
        code: 'custom',
        path: ['organization', 'country'],
        message: 'only a foreign company has a country other than DK',
      });
    }
    if (body.organization.kind === 'company' && !body.organization.cvr) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization', 'cvr'],
        message: 'a company is identified by its CVR number',
      });
    }
    if (body.initiator.role === 'registrant' && !body.representative) {
      ctx.addIssue({
        code: 'custom',
        path: ['representative'],
        message: 'a registrant needs the management representative who will accept',
      });
    }
  })
  .meta({
    if: { properties: { initiator: requiredWhen('role', 'registrant', {}).if } },
    then: { required: ['representative'] },
  });

export const reviewBody = z
  .strictObject({ decision: z.enum(['approve', 'reject']), reason: reason.optional() })
  .refine((body) => body.decision === 'approve' || body.reason, {
    path: ['reason'],
    message: 'a rejection needs a reason',
  })
  .meta(requiredWhen('decision', 'reject', { required: ['reason'] }));
export type ReviewBody = z.infer<typeof reviewBody>;

export const connectionId = z.string().regex(/^[a-z]{2}-[a-z0-9-]{1,80}$/, 'not a connection id');

export const documentId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'not a document id');

/** `inline` shows the document in the console's frame; `attachment` (the default) downloads it. */
export const documentQuery = z.strictObject({ disposition: z.enum(['attachment', 'inline']).default('attachment') });

// MUK connections (api/muk.ts)
export const mukConnectionId = z.string().regex(/^[a-z0-9-]{1,90}$/, 'not a MUK connection id');

// Cases of any process (api/cases.ts)

/** The letters-and-digits words of a text (at most 10): all a Text attribute is searched by, and safe to quote. */
export function nameWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

export const listCasesQuery = z.strictObject({
  processType: z.enum(processTypes).optional(),
  stage: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'a stage such as awaiting-approval')
    .optional(),
  organizationId: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a country code such as DK')
    .optional(),
  /** Visibility matches whole words of a Text attribute (any case), not their beginnings: every word must be in the name. */
  text: z
    .string()
    .trim()
    .max(100)
    .refine((text) => nameWords(text).length > 0, 'words of the organisation’s name, such as Testfabrik')
    .optional()
    .meta({ description: 'Whole words of the organisation’s name (any case); every word must be in it' }),
  status: z.enum(['running', 'all']).default('running'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The console's list (api/console/cases.tsx): the same filter as its GET form sends it, and a page's signed token. */
export const consoleCasesQuery = listCasesQuery.omit({ limit: true }).extend({
  page: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{22}$/, 'a page of this listing')
    .optional(),
});

/** The console's re-send form (for the API's description): `resendBody` with the recipient's two fields flat. */
export const consoleResendForm = z.object({
  step: z.string(),
  key: z.string().optional(),
  'recipient.name': z.string().optional(),
  'recipient.email': z.string().optional(),
});

export const caseId = z.string().regex(/^[A-Za-z0-9][\w.:-]{0,254}$/, 'not a workflow id');

export const resendBody = z
  .strictObject({
    step: z.enum(stepNames),
    key: z.string().trim().min(1).max(200).optional(),
    /** The person the step should have gone to: the new link goes to them, and only they may complete it. */
    recipient: z.strictObject({ name: personName, email }).optional(),
  })
  .meta({ examples: [{ step: 'prepare-connection' }] });

// An organisation's users and audit trail (api/organizations.ts, api/audit.ts)
/** The setup re-send takes no options: every administrator who has not set up gets a fresh link. */
export const setupResendRequest = z.strictObject({});

/** The character set of an export uploaded from the administration page (api/user-import.ts decodes these). */
export const uploadCharset = z.enum(['utf-8', 'windows-1252']);
export const usersQuery = z.strictObject({
  status: z.enum(userStatuses).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Part of the name or e-mail address (case-insensitive)' }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const nullable = (description: string) => z.string().nullable().meta({ description });

/** A page of `GET .../users`: each user's status and login method, and when their latest activation was asked for and ended. */
export const usersPage = z.object({
  users: z.array(
    z.object({
      userId: z.uuid(),
      name: nullable('null once the user is deleted'),
      email: nullable('null once the user is deleted'),
      nemidUserId: nullable('null once the user is deleted'),
      status: z.enum(userStatuses),
      loginMethod: z.enum(loginMethods).nullable().meta({
        description:
          'The method of the latest activation (the one rejected or lapsed, for those users); null before any',
      }),
      importedAt: z.string(),
      batchId: nullable('The batch of the latest activation (its progress: GET .../activations/:batchId)'),
      activationRequestedAt: nullable('When the latest activation was requested'),
      activationEndedAt: nullable(
        'When the latest activation ended (approved, rejected or lapsed); null while it runs',
      ),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const auditQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditPage = z.object({
  events: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actor: z.string(),
      workflowId: z.string().nullable(),
      action: z.string(),
      outcome: z.string(),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

// Terms (api/terms.ts)
export const publishBody = z.strictObject({
  version: z.string().regex(termsVersionPattern, 'letters, digits, ".", "_" or "-", at most 64, e.g. "2025-06"'),
  title: z.string().trim().min(1).max(300),
  url: z.url({ protocol: /^https?$/, message: 'an http(s) address of the terms' }),
  kind: z.enum(['update', 'addition']),
  /** The terms' text, where the publisher has it: the content hash is then the text's. */
  text: z.string().min(1).max(200_000).regex(/\S/, 'the text must not be blank').optional(),
});

const termsVersionView = z.object({
  version: z.string(),
  title: z.string(),
  url: z.string(),
  /** `initial`: the version the database was seeded with. */
  kind: z.enum(['initial', 'update', 'addition']),
  publishedAt: z.string(),
  notifiedAllAt: z.string().nullable(),
  effectiveAt: z.string().nullable(),
});

/** GET /api/terms: the version in effect, and those published but not yet in effect with their notice's progress. */
export const termsOverviewSchema = z.object({
  current: termsVersionView,
  pending: z.array(
    termsVersionView.extend({
      /** The terms-update process's stage (null while it has not answered: just started, or gone). */
      stage: z.string().nullable(),
      /** When every administrator is reminded, once the effective date is fixed. */
      reminderAt: z.string().nullable(),
      notice: z
        .object({
          /** The last notice every organisation has had: the update, its fixed date, or the reminder. */
          lastNotice: z.enum(['update', 'date', 'reminder']),
          organizationsTotal: z.number(),
          /** Organisations told in the current pass. */
          organizationsNotified: z.number(),
          /** Administrators mailed so far, every notice counted. */
          emailsSent: z.number(),
        })
        .nullable(),
    }),
  ),
});
export type TermsOverview = z.infer<typeof termsOverviewSchema>;

// A person's link pages and the MitID app's activation (api/links.ts, api/means-activation.tsx)
/** `done=uploaded`: the step page after an upload from it (Post/Redirect/Get) confirms it. */
export const stepPageQuery = z.object({ done: z.enum(['uploaded']).optional() });

export const activationCodeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and hyphens'),
  /** The language the app's page answers in (its form sends the one it was shown in). */
  lang: z.enum(['da', 'de', 'en']).optional(),
});

export const appQuery = z.object({ lang: z.enum(['da', 'de', 'en']).optional() });

// Ping (api/ping.ts)
/** In the form the workflow's timer reads (`ms` syntax: one optional space, no other white space), short enough for a timer. */
const waitForPong = z
  .string()
  .regex(/^\d{1,6} ?(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/, 'a duration such as "30 s" or "2 days"');

export const startPingBody = z.strictObject({ waitForPong: waitForPong.optional() });

export const pongBody = z.strictObject({ message: z.string().trim().min(1).max(200) });

export const pingId = z.string().regex(/^ping-[\w-]{1,64}$/);

// Development tools: the payload codec and the mail viewer (api/codec.tsx, api/dev-mail.tsx)
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A payload as proto3 JSON: bytes in base64. */
export const codecPayload = z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() });

export const codecBody = z.object({ payloads: z.array(codecPayload).max(10_000) });

export const mailQuery = z.object({ to: z.string().trim().toLowerCase().min(1).max(254).optional() });
