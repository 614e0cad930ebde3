// The application's tables. Change them only through a new migration (`npm run db:generate`).
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** The first process through the stack: one row per finished ping workflow. */
export const pingResults = sqliteTable('ping_results', {
  workflowId: text('workflow_id').primaryKey(),
  outcome: text('outcome', { enum: ['answered', 'timed-out'] }).notNull(),
  message: text('message'),
  recordedAt: createdAt(),
});

/** Every action link ever mailed; the token itself is never stored, only its id and use. */
export const actionLinks = sqliteTable(
  'action_links',
  {
    linkId: text('link_id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    step: text('step').notNull(),
    /** Tells apart parallel instances of one step in a workflow (e.g. one per administrator). */
    stepKey: text('step_key'),
    recipientEmail: text('recipient_email').notNull(),
    language: text('language').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    /**
     * What the step accepts and what a click on it is answered (domain/link-acceptance.ts, JSON), written by the
     * process with the invitation; a link with one is claimed here and its process told by signal, one without
     * one is decided by its process's Update.
     */
    acceptance: text('acceptance'),
    /** When the process ended the step without this link (it expired, was re-sent or cancelled): no claim after. */
    closedAt: text('closed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('action_links_workflow').on(t.workflowId, t.step)],
);

/**
 * A click the API accepted on a link that decides (`action_links.acceptance`): what it tells the process, and
 * whether the process has been told; a claim not yet delivered is sent again (api/link-claims.ts).
 */
export const stepClaims = sqliteTable(
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

/** Outgoing e-mail; the idempotency key makes every send exactly-once as the recipient sees it. */
export const outbox = sqliteTable(
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
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_workflow').on(t.workflowId)],
);

/** Uploaded documents: their facts; their bytes are a `document_contents` row. */
export const documents = sqliteTable(
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
    /** `withdrawn`: taken back by the registrant in a revision, never reviewed. */
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] })
      .notNull()
      .default('pending'),
    reviewReason: text('review_reason'),
    createdAt: createdAt(),
    reviewedAt: text('reviewed_at'),
    /** Set once the process took the document (its attachDocument Update succeeded); null until then. */
    attachedAt: text('attached_at'),
  },
  (t) => [index('documents_workflow').on(t.workflowId)],
);

/**
 * The bytes of each uploaded document (at most the upload limit, 10 MiB), in the database so every API node
 * reads them; a row is written with its `documents` row and goes with it (the cascade).
 */
export const documentContents = sqliteTable('document_contents', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.documentId, { onDelete: 'cascade' }),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

export const organizations = sqliteTable('organizations', {
  orgId: text('org_id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** ISO 3166-1 alpha-2: DK, or a foreign company's country. */
  country: text('country').notNull(),
  cvr: text('cvr'),
  language: text('language').notNull(),
  /** `setup_expired`: connected, but every setup link lapsed before anyone set the organisation up. */
  status: text('status', { enum: ['connected', 'active', 'setup_expired'] }).notNull(),
  allowPrivateMitId: integer('allow_private_mitid', { mode: 'boolean' }),
  separateMeans: text('separate_means', { mode: 'json' }).$type<string[]>(),
  connectedAt: text('connected_at').notNull(),
  activatedAt: text('activated_at'),
});

export const administrators = sqliteTable(
  'administrators',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.orgId),
    email: text('email').notNull(),
    name: text('name').notNull(),
    subject: text('subject'),
    /** `private` or the separate means they chose; `separate` on rows from before the means were recorded. */
    loginMethod: text('login_method', { enum: ['private', 'separate', 'app', 'code_display', 'code_reader', 'chip'] }),
    /** `expired`: their setup link lapsed before they set up. */
    status: text('status', { enum: ['appointed', 'active', 'expired'] })
      .notNull()
      .default('appointed'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.email] }), index('administrators_subject').on(t.subject)],
);

export const termsVersions = sqliteTable('terms_versions', {
  version: text('version').primaryKey(),
  title: text('title').notNull(),
  url: text('url').notNull(),
  /** The terms' own text where the publisher supplied it; `contentHash` is then its SHA-256, otherwise the URL's. */
  text: text('text'),
  contentHash: text('content_hash').notNull(),
  kind: text('kind', { enum: ['initial', 'update', 'addition'] }).notNull(),
  publishedAt: text('published_at').notNull(),
  notifiedAllAt: text('notified_all_at'),
  effectiveAt: text('effective_at'),
});

/** One row per organisation told about a terms update: written once all its administrators were mailed. */
export const termsNotifications = sqliteTable(
  'terms_notifications',
  {
    version: text('version')
      .notNull()
      .references(() => termsVersions.version),
    orgId: text('org_id').notNull(),
    notifiedAt: text('notified_at').notNull(),
    recipients: integer('recipients').notNull(),
    /** Administrators whose address was refused for good; retrying cannot reach them. */
    failed: integer('failed').notNull(),
    /** When its administrators were told the fixed effective date (by the date notice, or a late first notice naming it). */
    dateNotifiedAt: text('date_notified_at'),
    /** When its administrators were reminded shortly before the effective date (or first told after the reminders went out). */
    remindedAt: text('reminded_at'),
  },
  (t) => [primaryKey({ columns: [t.version, t.orgId] })],
);

export const termsAcceptances = sqliteTable(
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

export const users = sqliteTable(
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
    status: text('status', { enum: ['imported', 'activation_pending', 'active', 'rejected', 'expired', 'deleted'] })
      .notNull()
      .default('imported'),
    loginMethod: text('login_method'),
    batchId: text('batch_id'),
    activationExpiresAt: text('activation_expires_at'),
    /** The user-activation workflow that holds this user's pending activation (a group's, or a re-send's own). */
    activationWorkflowId: text('activation_workflow_id'),
    /** When the latest activation was requested, and when it ended (approved, rejected, lapsed; null while it runs). */
    activationRequestedAt: text('activation_requested_at'),
    activationEndedAt: text('activation_ended_at'),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_org_nemid').on(t.orgId, t.nemidUserId),
    index('users_org_status').on(t.orgId, t.status, t.userId),
    // Keyset pages of an organisation's users in user id order (a batch's: activation_batch_users).
    index('users_org_user').on(t.orgId, t.userId),
  ],
);

/**
 * A CSV import in progress: its rows are staged here as they stream in and move into `users` in one
 * transaction at the end, so an import that fails half-way (broken file, client gone, crash) leaves
 * nothing in `users`. A crashed import's rows are swept by a later import.
 */
export const userImports = sqliteTable('user_imports', {
  importId: text('import_id').primaryKey(),
  orgId: text('org_id')
    .notNull()
    .references(() => organizations.orgId),
  startedAt: createdAt(),
});

export const userImportRows = sqliteTable(
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

export const activationBatches = sqliteTable('activation_batches', {
  batchId: text('batch_id').primaryKey(),
  orgId: text('org_id')
    .notNull()
    .references(() => organizations.orgId),
  loginMethod: text('login_method').notNull(),
  total: integer('total').notNull(),
  requestedBy: text('requested_by').notNull(),
  createdAt: createdAt(),
});

/**
 * Who each batch activated and how it ended for them. A user activated again (after rejecting or letting
 * it lapse) joins a new batch; the earlier batch keeps its members and their outcome there, so neither
 * batch's progress changes under it and a batch's pages stay the same users on every retry.
 */
export const activationBatchUsers = sqliteTable(
  'activation_batch_users',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => activationBatches.batchId),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['activation_pending', 'active', 'rejected', 'expired'] })
      .notNull()
      .default('activation_pending'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.userId] }), index('activation_batch_users_user').on(t.userId)],
);

/** Append-only: a trigger in the migration refuses UPDATE and DELETE. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventKey: text('event_key').notNull().unique(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    orgId: text('org_id'),
    workflowId: text('workflow_id'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_org').on(t.orgId, t.id)],
);

/** Key pairs of a MUK Service Provider; the private keys never leave this table and the server. */
export const serviceProviderKeys = sqliteTable(
  'service_provider_keys',
  {
    municipalityKey: text('municipality_key').notNull(),
    use: text('use', { enum: ['signing', 'encryption'] }).notNull(),
    privateKeyPem: text('private_key_pem').notNull(),
    certificatePem: text('certificate_pem').notNull(),
    notAfter: text('not_after').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.municipalityKey, t.use] })],
);

/**
 * Login sessions. The cookie carries a random id; the row is keyed by its SHA-256, so a copy of this table
 * logs nobody in. Logout deletes the row; an expired row is refused and swept at the next login.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    /** The session as the login made it (pseudonymous subject, verified display name, ...), as JSON. */
    data: text('data').notNull(),
    /** Epoch milliseconds. */
    expiresAt: integer('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_expires_at').on(t.expiresAt)],
);

/**
 * One-time activation codes for a separate MitID means (activities/mitid-means.ts, the dev broker): the code
 * itself is never stored, only its keyed hash. A code is bound to the step's link it was handed out under, so
 * a re-sent link (perhaps to a corrected person) leaves the old person's code without effect.
 */
export const meansActivations = sqliteTable(
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
