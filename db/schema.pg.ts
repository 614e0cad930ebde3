// The application's tables on PostgreSQL: db/schema.ts in drizzle's pg dialect, table for table and column for
// column, with the same JS types in and out (test/unit/schema-dialects.test.ts holds them together). What
// each table and column means is written there; a value list (`enum`) is taken from there. Change both, then
// `npm run db:generate` and `npm run db:generate:pg`.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import * as sqlite from './schema';

// SQLite's blob in buffer mode: node-postgres reads a bytea as a Buffer and writes a Buffer as one.
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

// SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now'): the same ISO 8601 text, millisecond precision, in UTC.
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`);

export const pingResults = pgTable('ping_results', {
  workflowId: text('workflow_id').primaryKey(),
  outcome: text('outcome', { enum: sqlite.pingResults.outcome.enumValues }).notNull(),
  message: text('message'),
  recordedAt: createdAt(),
});

export const actionLinks = pgTable(
  'action_links',
  {
    linkId: text('link_id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    step: text('step').notNull(),
    stepKey: text('step_key'),
    recipientEmail: text('recipient_email').notNull(),
    language: text('language').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    acceptance: text('acceptance'),
    closedAt: text('closed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('action_links_workflow').on(t.workflowId, t.step)],
);

export const stepClaims = pgTable(
  'step_claims',
  {
    linkId: text('link_id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    /** The signal's argument (workflows/process.messages.ts `ClaimedStep`), JSON. */
    request: text('request').notNull(),
    claimedAt: text('claimed_at').notNull(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [index('step_claims_undelivered').on(t.deliveredAt, t.claimedAt)],
);

export const outbox = pgTable(
  'outbox',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    step: text('step').notNull(),
    recipient: text('recipient').notNull(),
    messageId: text('message_id').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status', { enum: sqlite.outbox.status.enumValues }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_workflow').on(t.workflowId)],
);

export const documents = pgTable(
  'documents',
  {
    documentId: text('document_id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    step: text('step').notNull(),
    documentType: text('document_type').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name'),
    uploadedBy: text('uploaded_by'),
    status: text('status', { enum: sqlite.documents.status.enumValues }).notNull().default('pending'),
    reviewReason: text('review_reason'),
    createdAt: createdAt(),
    reviewedAt: text('reviewed_at'),
    attachedAt: text('attached_at'),
  },
  (t) => [index('documents_workflow').on(t.workflowId)],
);

export const documentContents = pgTable('document_contents', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.documentId, { onDelete: 'cascade' }),
  bytes: bytea('bytes').notNull(),
});

export const organizations = pgTable('organizations', {
  orgId: text('org_id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  country: text('country').notNull(),
  cvr: text('cvr'),
  language: text('language').notNull(),
  status: text('status', { enum: sqlite.organizations.status.enumValues }).notNull(),
  allowPrivateMitId: boolean('allow_private_mitid'),
  separateMeans: jsonb('separate_means').$type<string[]>(),
  connectedAt: text('connected_at').notNull(),
  activatedAt: text('activated_at'),
});

export const administrators = pgTable(
  'administrators',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.orgId),
    email: text('email').notNull(),
    name: text('name').notNull(),
    subject: text('subject'),
    loginMethod: text('login_method', { enum: sqlite.administrators.loginMethod.enumValues }),
    status: text('status', { enum: sqlite.administrators.status.enumValues }).notNull().default('appointed'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.email] }), index('administrators_subject').on(t.subject)],
);

export const termsVersions = pgTable('terms_versions', {
  version: text('version').primaryKey(),
  title: text('title').notNull(),
  url: text('url').notNull(),
  text: text('text'),
  contentHash: text('content_hash').notNull(),
  kind: text('kind', { enum: sqlite.termsVersions.kind.enumValues }).notNull(),
  publishedAt: text('published_at').notNull(),
  notifiedAllAt: text('notified_all_at'),
  effectiveAt: text('effective_at'),
});

export const termsNotifications = pgTable(
  'terms_notifications',
  {
    version: text('version')
      .notNull()
      .references(() => termsVersions.version),
    orgId: text('org_id').notNull(),
    notifiedAt: text('notified_at').notNull(),
    recipients: integer('recipients').notNull(),
    failed: integer('failed').notNull(),
    dateNotifiedAt: text('date_notified_at'),
    remindedAt: text('reminded_at'),
  },
  (t) => [primaryKey({ columns: [t.version, t.orgId] })],
);

export const termsAcceptances = pgTable(
  'terms_acceptances',
  {
    orgId: text('org_id').notNull(),
    version: text('version')
      .notNull()
      .references(() => termsVersions.version),
    acceptedAt: text('accepted_at').notNull(),
    acceptedBy: text('accepted_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.version] })],
);

export const users = pgTable(
  'users',
  {
    userId: text('user_id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.orgId),
    name: text('name').notNull(),
    email: text('email').notNull(),
    nemidUserId: text('nemid_user_id').notNull(),
    importedAt: text('imported_at').notNull(),
    status: text('status', { enum: sqlite.users.status.enumValues }).notNull().default('imported'),
    loginMethod: text('login_method'),
    batchId: text('batch_id'),
    activationExpiresAt: text('activation_expires_at'),
    activationWorkflowId: text('activation_workflow_id'),
    activationRequestedAt: text('activation_requested_at'),
    activationEndedAt: text('activation_ended_at'),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_org_nemid').on(t.orgId, t.nemidUserId),
    index('users_org_status').on(t.orgId, t.status, t.userId),
    index('users_org_user').on(t.orgId, t.userId),
  ],
);

export const userImports = pgTable('user_imports', {
  importId: text('import_id').primaryKey(),
  orgId: text('org_id')
    .notNull()
    .references(() => organizations.orgId),
  startedAt: createdAt(),
});

export const userImportRows = pgTable(
  'user_import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => userImports.importId, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    nemidUserId: text('nemid_user_id').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.line] }),
    index('user_import_rows_nemid').on(t.importId, t.nemidUserId, t.line),
  ],
);

export const activationBatches = pgTable('activation_batches', {
  batchId: text('batch_id').primaryKey(),
  orgId: text('org_id')
    .notNull()
    .references(() => organizations.orgId),
  loginMethod: text('login_method').notNull(),
  total: integer('total').notNull(),
  requestedBy: text('requested_by').notNull(),
  createdAt: createdAt(),
});

export const activationBatchUsers = pgTable(
  'activation_batch_users',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => activationBatches.batchId),
    userId: text('user_id').notNull(),
    status: text('status', { enum: sqlite.activationBatchUsers.status.enumValues })
      .notNull()
      .default('activation_pending'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.userId] }), index('activation_batch_users_user').on(t.userId)],
);

/** Append-only: a trigger in the initial migration refuses UPDATE and DELETE, as on SQLite. */
export const auditEvents = pgTable(
  'audit_events',
  {
    // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT; 64 bits, as there, for a trail that only grows.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    eventKey: text('event_key').notNull().unique(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    orgId: text('org_id'),
    workflowId: text('workflow_id'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_org').on(t.orgId, t.id)],
);

export const serviceProviderKeys = pgTable(
  'service_provider_keys',
  {
    municipalityKey: text('municipality_key').notNull(),
    use: text('use', { enum: sqlite.serviceProviderKeys.use.enumValues }).notNull(),
    privateKeyPem: text('private_key_pem').notNull(),
    certificatePem: text('certificate_pem').notNull(),
    notAfter: text('not_after').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.municipalityKey, t.use] })],
);

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    data: text('data').notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_expires_at').on(t.expiresAt)],
);

export const meansActivations = pgTable(
  'means_activations',
  {
    activationId: text('activation_id').primaryKey(),
    codeHash: text('code_hash').notNull().unique(),
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    linkId: text('link_id').notNull(),
    means: text('means').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('means_activations_user').on(t.workflowId, t.userId)],
);
