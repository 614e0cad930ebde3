// The connection process's effects: the terms to accept, the company register, document reviews and
// the final record of the connected organisation. Each is idempotent.
import { appendAuditEvents, type AuditEvent } from '../db/audit';
import { markDocumentsWithdrawn, recordDocumentReview } from '../db/documents';
import type { Db } from '../db/open';
import { recordConnectedOrganization } from '../db/organizations';
import type { Language } from '../domain/language';
import type { OrganizationKind } from '../domain/organization';
import { currentTerms } from '../db/terms';
import { sameDigest } from '../config/identity-digest';
import { samePerson } from '../domain/person-name';
import type { CompanyRegister } from './company-register';

export interface ConnectionRecord {
  eventKey: string;
  organization: {
    orgId: string;
    name: string;
    kind: OrganizationKind;
    country: string;
    cvr?: string;
    language: Language;
  };
  administrators: Array<{ name: string; email: string }>;
  termsVersion: string;
  acceptedBy: string;
}

/** Whom the register is asked about: the approver's identity digest, or (processes before `representative-by-identity`) their name. */
export type RepresentativeCheck = { cvr: string; identityDigest: string | null } | { cvr: string; name: string };

export interface Terms {
  version: string;
  title: string;
  url: string;
}

/** The approval's outcome: refused by the register (why), or connected (when, and the terms the receipt names). */
export type ApprovalOutcome =
  { authorized: false; reason?: string } | { authorized: true; connectedAt: string; terms: Terms };

/** The approval's check and record; `audit`: the approval's own audit rows (workflows/human-step.ts `takeAudits`). */
export interface ApprovalRequest {
  representative: RepresentativeCheck;
  connection: ConnectionRecord;
  audit?: AuditEvent[];
}

type ApprovalParts = Pick<ConnectionActivities, 'checkCompanyRepresentative' | 'recordConnection' | 'currentTerms'>;

/**
 * The approval's effects in the order they depend on each other: the register check, and where it confirms the
 * approver, the connection's record beside the terms read. One local activity of the approval's task instead of
 * two rounds of them (workflows/connection.ts); `parts` are the activities of those rounds.
 */
export async function connectIfRepresentative(
  request: ApprovalRequest,
  parts: ApprovalParts & { appendAuditEvents(events: AuditEvent[] | undefined): Promise<void> },
): Promise<ApprovalOutcome> {
  await parts.appendAuditEvents(request.audit);
  const check = await parts.checkCompanyRepresentative(request.representative);
  if (!check.authorized) return { authorized: false, reason: check.reason };
  const [connectedAt, terms] = await Promise.all([parts.recordConnection(request.connection), parts.currentTerms()]);
  return { authorized: true, connectedAt, terms };
}

const notARepresentative = {
  authorized: false,
  reason: 'The person who approved is not a registered management representative of the company',
};

export function createConnectionActivities(deps: { db: Db; companyRegister: CompanyRegister }) {
  const { db, companyRegister } = deps;
  const activities = {
    async currentTerms(): Promise<Terms> {
      const terms = await currentTerms(db);
      return { version: terms.version, title: terms.title, url: terms.url };
    },

    /**
     * Whether the person who approved may bind the company: their identity digest (from their login) is a
     * representative's. `{ cvr, name }` is the check by name, of processes without the patch `representative-by-identity`
     * (workflows/connection.ts).
     */
    async checkCompanyRepresentative(request: RepresentativeCheck): Promise<{ authorized: boolean; reason?: string }> {
      const representatives = await companyRegister.representativesOf(request.cvr);
      if (!representatives) return { authorized: false, reason: `CVR ${request.cvr} is not in the company register` };
      if ('name' in request) {
        return representatives.some((representative) => samePerson(request.name, representative.name))
          ? { authorized: true }
          : notARepresentative;
      }
      const { identityDigest } = request;
      if (!identityDigest)
        return {
          authorized: false,
          reason: 'The login of the person who approved gave no identity to check in the company register',
        };
      return representatives.some((representative) => sameDigest(representative.identityDigest, identityDigest))
        ? { authorized: true }
        : notARepresentative;
    },

    async recordDocumentReview(review: {
      eventKey: string;
      orgId: string;
      actor: string;
      documentId: string;
      status: 'approved' | 'rejected';
      reason?: string;
    }): Promise<void> {
      const { documentId, status, reason } = review;
      const at = new Date().toISOString();
      await recordDocumentReview(
        db,
        { documentId, status, reason, at },
        {
          eventKey: review.eventKey,
          at,
          actor: review.actor,
          orgId: review.orgId,
          action: 'document-review',
          outcome: review.status,
          details: { documentId: review.documentId },
        },
      );
    },

    /** The registrant took these documents back in a revision: their rows say so, as the process does. */
    async recordDocumentsWithdrawn(request: { documentIds: string[] }): Promise<void> {
      await markDocumentsWithdrawn(db, request.documentIds);
    },

    /** Returns when the organisation was connected (the first time this ran). */
    async recordConnection(record: ConnectionRecord): Promise<string> {
      return recordConnectedOrganization(db, record, (connectedAt) => ({
        eventKey: record.eventKey,
        at: connectedAt,
        actor: record.acceptedBy,
        orgId: record.organization.orgId,
        action: 'connection',
        outcome: 'connected',
        details: { administrators: record.administrators.length, termsVersion: record.termsVersion },
      }));
    },
  };
  return {
    ...activities,
    connectIfRepresentative: (request: ApprovalRequest) =>
      connectIfRepresentative(request, { ...activities, appendAuditEvents: (events) => appendAuditEvents(db, events) }),
  };
}

export type ConnectionActivities = ReturnType<typeof createConnectionActivities>;
