// Every operation of the API, with the zod schemas its route validates with. A route without an entry
// here fails test/unit/openapi.test.ts: add the entry beside the route when you add one.
import { z } from 'zod';
import type { AppConfig } from '../config/env';
import { mukEventSchema } from '../domain/muk/events';
import { startMukConnectionSchema } from '../domain/muk/municipality';
import { linkStepInputs, separateMeans } from '../domain/step-inputs';
import {
  activationRequest,
  loginMethods,
  loginPolicyChange,
  resendActivationRequest,
  userSelection,
} from '../domain/users';
import { connectionFormFields } from './connections';
import { documentMediaTypes, documentTypePattern } from './document-upload';
import { mukEventFormFields, mukFormFields } from './muk';
import type { Operation } from './openapi';
import { termsFormFields } from './terms';
import {
  auditPage,
  auditQuery,
  cancelBody,
  caseId,
  consoleCasesQuery,
  consoleResendForm,
  listCasesQuery,
  resendBody,
  codecBody,
  connectionId,
  documentId,
  documentQuery,
  reviewBody,
  startConnectionBody,
  mailQuery,
  stepPageQuery,
  activationCodeBody,
  appQuery,
  mukConnectionId,
  usersQuery,
  setupResendRequest,
  usersPage,
  pingId,
  pongBody,
  startPingBody,
  publishBody,
  termsOverviewSchema,
  uploadCharset,
} from './schemas';

const started = z.object({ connectionId: z.string(), workflowId: z.string() });
const orgId = connectionId;
/** A link's parameter: the id of the connection the answer just started. */
const startedConnectionId = { id: '$response.body#/connectionId' };
/** The operator's case calls on the process a start answered with. */
const caseLinks = {
  case: { to: 'get /api/cases/:workflowId', parameters: { workflowId: '$response.body#/workflowId' } },
  resend: { to: 'post /api/cases/:workflowId/resend', parameters: { workflowId: '$response.body#/workflowId' } },
  cancelCase: { to: 'post /api/cases/:workflowId/cancel', parameters: { workflowId: '$response.body#/workflowId' } },
} as const;
// The file's type is read from its first bytes: the example is a (minimal) PDF, so a fuzzer's upload can succeed.
const uploadForm = z.object({
  file: z.string().meta({ format: 'binary' }),
  documentType: z.string().regex(documentTypePattern),
});
const staged = z.object({ ok: z.literal(true), stage: z.string() });
/** The administration's forms as the browser sends them (api/admin/router.tsx turns them into the API's bodies). */
const adminForms = {
  loginPolicy: z.object({
    allowPrivateMitId: z.literal('true').optional(),
    separateMeans: z.array(z.enum(separateMeans)).max(4).optional(),
  }),
  upload: z.object({
    charset: uploadCharset.optional(),
    file: z.string().meta({ format: 'binary' }),
  }),
  activation: z.object({
    userIds: z.array(z.uuid()).max(10_000).optional(),
    all: z.literal('true').optional(),
    loginMethod: z.enum(loginMethods),
  }),
  selection: userSelection,
};
const formMediaType = 'application/x-www-form-urlencoded';
const html = (description: string) => ({ status: 200, description, mediaType: 'text/html' });
/** A console form: every field a string, named by its path in the API's body. */
const formOf = (names: readonly string[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.string().optional()])));
const stepBodies = Object.values(linkStepInputs) as [z.ZodType, z.ZodType, ...z.ZodType[]];

/** An operator cancelling one process: the same body, answer and refusals wherever a process type offers it. */
function cancelOperation(tag: string, path: string, params: Operation['params'], summary: string): Operation {
  return {
    method: 'post',
    path,
    tag,
    auth: 'operator',
    params,
    summary,
    body: cancelBody,
    response: { status: 200, description: 'Cancelled', schema: staged },
    errors: [404, 409],
  };
}

/** A GET form's query as the screens read it: a field left empty names no value. */
function blankAllowed(schema: z.ZodObject<z.ZodRawShape>): z.ZodObject<z.ZodRawShape> {
  return z.object(
    Object.fromEntries(
      Object.entries(schema.shape).map(([name, field]) => {
        const inner =
          field instanceof z.ZodOptional || field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
        return [name, z.union([z.literal(''), inner]).optional()];
      }),
    ),
  );
}

export function describeOperations(config: AppConfig): Operation[] {
  const operations: Operation[] = [
    {
      method: 'get',
      path: '/healthz',
      tag: 'health',
      auth: 'none',
      summary: 'The process lives',
      response: { status: 200, description: '{ status: "ok" }' },
    },
    {
      method: 'get',
      path: '/readyz',
      tag: 'health',
      auth: 'none',
      summary:
        "Temporal reachable, workers polling both task queues (the processes' and the follow-up queue), the DB migrated",
      response: { status: 200, description: 'Ready; 503 with the failing checks otherwise' },
    },
    {
      method: 'get',
      path: '/metrics',
      tag: 'operations',
      auth: 'metrics',
      summary: "Prometheus metrics of this process (and of its worker's SDK where it runs one)",
      response: { status: 200, description: 'Prometheus text format', mediaType: 'text/plain' },
    },
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'operations',
      auth: 'none',
      summary: 'This document',
      response: { status: 200, description: 'OpenAPI 3.1' },
    },
    {
      method: 'get',
      path: '/assets/:hash/:name',
      tag: 'operations',
      auth: 'none',
      summary: "The pages' stylesheet and scripts (content-hashed, cached for a year)",
      response: { status: 200, description: 'CSS or JavaScript', mediaType: ['text/css', 'text/javascript'] },
      errors: [404],
    },
    {
      method: 'get',
      path: '/docs',
      tag: 'operations',
      auth: 'none',
      summary: 'This document as a page',
      response: html('The operations, by resource'),
    },

    {
      method: 'get',
      path: '/auth/login',
      tag: 'login',
      auth: 'none',
      summary: 'Log in with private MitID (OpenID Connect)',
      query: z.object({ returnTo: z.string().optional(), login_hint: z.string().optional() }),
      response: { status: 303, description: 'To the login provider' },
      errors: [502],
    },
    {
      method: 'get',
      path: '/auth/callback',
      tag: 'login',
      auth: 'none',
      summary: "The login provider's answer",
      query: z.object({ code: z.string(), state: z.string() }),
      response: { status: 303, description: 'To returnTo, with the session cookie' },
      errors: [400, 401, 502],
    },
    {
      method: 'post',
      path: '/auth/logout',
      tag: 'login',
      auth: 'none',
      summary: 'Log out',
      response: { status: 204, description: 'Logged out (a browser is redirected to /)' },
    },
    {
      method: 'get',
      path: '/auth/me',
      tag: 'login',
      auth: 'none',
      summary: 'Who is logged in',
      response: { status: 200, description: '{ loggedIn, name? }' },
    },

    {
      method: 'get',
      path: '/l/:token',
      tag: 'links',
      auth: 'none',
      query: stepPageQuery,
      summary:
        "The step behind an action link (no side effect); a page for browsers (`done=uploaded`: the page confirms an upload). Before login only the step, the organisation and the recipient's first name; the rest to the recipient after login (another person: 403)",
      response: {
        status: 200,
        description:
          "{ step, workflowId, recipientFirstName, expiresAt, requiresLogin, loggedIn, context: { organizationName } }; after the recipient's login also { acceptsDocuments } and the full context",
      },
      errors: [403, 404, 409, 410, 422],
    },
    {
      method: 'post',
      path: '/l/:token',
      tag: 'links',
      auth: 'session',
      summary:
        'Perform the link\'s step (JSON or form body; the body depends on the step). `approve-connection` with `decision: "send-back"` and a `reason` returns a registrant\'s proposal for revision (422 on the direct path)',
      body: z.union(stepBodies),
      response: {
        status: 200,
        description:
          '{ ok: true, state, next?: { step, url } }; `activate-user` with `{ decision: "activate" }` (a separate means) also { activationCode, activationCodeExpiresAt, means, activationAppUrl? }: the one-time code, shown once; `activate-means` (`{}`) answers only { ok: true, activationCode, activationCodeExpiresAt, means, activationAppUrl? }, a new code (the previous one stops working), since the MitID broker\'s confirmation completes that step. `state`: the stage the click leads to (e.g. `checking-company-register` while the process checks the register after the answer). Header `Server-Timing: claim;dur=<ms>, total;dur=<ms>` (`update;dur` where the process\'s Update decided): how long the link (or the process) took to take the click, and the whole request',
      },
      errors: [403, 404, 409, 410, 429],
    },
    {
      method: 'post',
      path: '/l/:token/documents',
      tag: 'links',
      auth: 'session',
      summary: 'Upload a document for the step',
      bodyType: {
        mediaType: 'multipart/form-data',
        description: 'file (PDF, PNG or JPEG) and documentType',
        schema: uploadForm,
        example: { file: '%PDF-1.4\n%%EOF\n', documentType: 'payslip' },
      },
      response: { status: 201, description: '{ documentId, mediaType, sizeBytes, ... }' },
      errors: [400, 403, 404, 408, 409, 410, 413, 415, 422, 429],
    },
    {
      method: 'get',
      path: '/muk/connections/:id/application',
      tag: 'muk',
      auth: 'none',
      summary: 'The printable MUK application behind a signed read-only link',
      query: z.object({ exp: z.string(), sig: z.string() }),
      response: html('The application'),
      errors: [404],
    },

    {
      method: 'post',
      path: '/codec/encode',
      tag: 'codec',
      auth: 'codec',
      summary: 'Encrypt payloads (Temporal codec server)',
      body: codecBody,
      response: { status: 200, description: 'The encoded payloads', schema: codecBody },
      errors: [422],
    },
    {
      method: 'post',
      path: '/codec/decode',
      tag: 'codec',
      auth: 'codec',
      summary: 'Decrypt payloads for the Web UI and CLI (Temporal codec server)',
      body: codecBody,
      response: { status: 200, description: 'The decoded payloads', schema: codecBody },
      errors: [422],
    },
    {
      method: 'get',
      path: '/codec/login',
      tag: 'codec',
      auth: 'none',
      summary: 'Operator login for decoding in the Web UI',
      response: html('The login form'),
    },
    {
      method: 'post',
      path: '/codec/login',
      tag: 'codec',
      auth: 'none',
      summary: 'Sets the codec session cookie for the operator key',
      bodyType: {
        mediaType: formMediaType,
        description: 'key: the operator key',
        schema: z.object({ key: z.string() }),
      },
      response: html('Logged in'),
      errors: [429],
      htmlErrors: [401],
    },
    {
      method: 'get',
      path: '/console/login',
      tag: 'console',
      auth: 'none',
      summary: 'The console sign-in for operators and case workers',
      query: z.object({ returnTo: z.string().optional() }),
      response: html('The sign-in form'),
    },
    {
      method: 'post',
      path: '/console/login',
      tag: 'console',
      auth: 'none',
      summary: 'Exchanges the operator key for the console session cookie (8 hours)',
      bodyType: {
        mediaType: formMediaType,
        description: 'key: the operator key; returnTo: a console path',
        schema: z.object({ key: z.string(), returnTo: z.string().optional() }),
      },
      response: { status: 303, description: 'To returnTo (or /console), with the session cookie' },
      errors: [429],
      htmlErrors: [401],
    },
    {
      method: 'get',
      path: '/console/cases',
      tag: 'console',
      auth: 'console',
      summary:
        "The cases of every process (Temporal visibility), filtered by process, stage, organisation, country and words of its name, 25 a page (`page`: the next page's token, as the page links it)",
      query: blankAllowed(consoleCasesQuery),
      response: html('The filter form and a page of cases'),
      htmlErrors: [422],
    },
    {
      method: 'get',
      path: '/console/cases/:workflowId',
      tag: 'console',
      auth: 'console',
      params: { workflowId: caseId },
      summary: "A case's page: stage, people, pending steps with their deadlines, documents, timeline, and its actions",
      query: z.object({ done: z.string().optional() }),
      response: html('The case'),
      htmlErrors: [404],
    },
    {
      method: 'post',
      path: '/console/cases/:workflowId/resend',
      tag: 'console',
      auth: 'console',
      params: { workflowId: caseId },
      summary:
        "Re-sends a pending step's e-mail (as POST /api/cases/:workflowId/resend), to a corrected recipient where given",
      bodyType: {
        mediaType: formMediaType,
        description: 'step, key (a step with several instances), recipient.name and recipient.email (both or neither)',
        example: { step: 'prepare-connection' },
        schema: consoleResendForm,
      },
      response: { status: 303, description: 'To the case, with ?done=resent' },
      htmlErrors: [404, 409, 410, 422],
    },
    {
      method: 'post',
      path: '/console/cases/:workflowId/cancel',
      tag: 'console',
      auth: 'console',
      params: { workflowId: caseId },
      summary: 'Cancels the case with a reason (as POST /api/cases/:workflowId/cancel)',
      bodyType: { mediaType: formMediaType, description: 'reason', schema: cancelBody },
      response: { status: 303, description: 'To the case, with ?done=cancelled' },
      htmlErrors: [404, 409, 422],
    },
    {
      method: 'post',
      path: '/console/cases/:workflowId/setup-resend',
      tag: 'console',
      auth: 'console',
      params: { workflowId: caseId },
      summary:
        "Fresh setup links for an organisation's administrators who have not set up, also after the setup expired (as POST /api/organizations/:orgId/setup/resend)",
      response: { status: 303, description: 'To the case, with ?done=setup-resent' },
      htmlErrors: [404, 409],
    },
    {
      method: 'post',
      path: '/console/logout',
      tag: 'console',
      auth: 'none',
      summary: 'Ends the console session',
      response: { status: 303, description: 'To the sign-in' },
    },
    {
      method: 'get',
      path: '/console',
      tag: 'console',
      auth: 'console',
      summary:
        '"Waiting for me": the documents awaiting review, oldest first, with the working days they have waited and have left',
      query: z.object({ done: z.string().optional() }),
      response: html('The list, with a notice of the decision just sent (done=approved|rejected)'),
    },
    {
      method: 'get',
      path: '/console/cases/:workflowId/documents/:documentId',
      tag: 'console',
      auth: 'console',
      summary:
        'The review screen of a document: the document in the page, its facts, and the decision form while it awaits review',
      response: html('The review screen'),
      htmlErrors: [404],
    },
    {
      method: 'post',
      path: '/console/cases/:workflowId/documents/:documentId',
      tag: 'console',
      auth: 'console',
      summary: 'Approves or rejects the document (as POST /api/connections/:id/documents/:documentId/review)',
      bodyType: {
        mediaType: formMediaType,
        description: 'decision: approve or reject; reason: required to reject',
        example: { decision: 'approve' },
        schema: z.object({ decision: z.string(), reason: z.string().optional() }),
      },
      response: { status: 303, description: 'To "Waiting for me" with done=approved|rejected' },
      htmlErrors: [404, 409, 422],
    },

    {
      method: 'get',
      path: '/console/start',
      tag: 'console',
      auth: 'console',
      summary: 'The form that starts a MitID Erhverv connection',
      response: html('The start form'),
    },
    {
      method: 'post',
      path: '/console/start',
      tag: 'console',
      auth: 'console',
      summary:
        'Starts a connection from the form: validated as POST /api/connections (each field named by its path in that body), started by the same function',
      bodyType: {
        mediaType: formMediaType,
        description: 'The fields of POST /api/connections by path; blank fields left out',
        example: {
          'organization.name': 'Eksempel Rådgivning ApS',
          'organization.kind': 'company',
          'organization.country': 'DK',
          'organization.cvr': '31313131',
          'initiator.role': 'representative',
          'initiator.name': 'Eva Eksempel',
          'initiator.email': 'eva.eksempel@eksempel-raadgivning.dk',
        },
        schema: formOf(connectionFormFields),
      },
      response: { status: 303, description: "To the case's page (/console/cases/:workflowId)" },
      htmlErrors: [409, 422],
    },
    {
      method: 'get',
      path: '/console/start/muk',
      tag: 'console',
      auth: 'console',
      summary: 'The form that starts a MUK connection',
      response: html('The start form'),
    },
    {
      method: 'post',
      path: '/console/start/muk',
      tag: 'console',
      auth: 'console',
      summary:
        'Starts a MUK connection from the form: validated as POST /api/muk/connections (each field named by its path in that body), started by the same function',
      bodyType: {
        mediaType: formMediaType,
        description: 'The fields of POST /api/muk/connections by path; blank fields left out',
        example: {
          'municipality.name': 'Beispielstadt',
          'municipality.federalState': 'Bayern',
          'municipality.support.name': 'Bürgerservice',
          'municipality.support.email': 'buergerservice@beispielstadt.de',
          'responsible.name': 'Bernd Beispiel',
          'responsible.email': 'bernd.beispiel@vendor.example',
          portalLoginUrl: 'https://beispielstadt.vendor.example/login',
        },
        schema: formOf(mukFormFields),
      },
      response: { status: 303, description: "To the MUK case's page (/console/muk/:connectionId)" },
      htmlErrors: [409, 422],
    },
    {
      method: 'get',
      path: '/console/muk/:connectionId',
      tag: 'console',
      auth: 'console',
      params: { connectionId: mukConnectionId },
      summary:
        'A MUK case: stage, application, Service Provider metadata, history, and a form for each event it awaits now',
      query: z.object({ done: z.string().optional() }),
      response: html('The case'),
      htmlErrors: [404],
    },
    {
      method: 'post',
      path: '/console/muk/:connectionId/events',
      tag: 'console',
      auth: 'console',
      params: { connectionId: mukConnectionId },
      summary:
        'Reports a MUK event from the form: validated as POST /api/muk/connections/:id/events, sent by the same function',
      bodyType: {
        mediaType: formMediaType,
        description: 'type and the fields of that event; blank fields left out',
        example: { type: 'service-provider-created' },
        schema: formOf(mukEventFormFields),
      },
      response: { status: 303, description: "To the case's page with ?done=<type>" },
      htmlErrors: [404, 409, 422],
    },
    {
      method: 'get',
      path: '/console/terms',
      tag: 'console',
      auth: 'console',
      summary: 'The terms in effect, each update under way with its notice progress, and the publish form',
      query: z.object({ done: z.string().optional() }),
      response: html('The terms'),
    },
    {
      method: 'post',
      path: '/console/terms',
      tag: 'console',
      auth: 'console',
      summary: 'Publishes a terms version from the form: validated as POST /api/terms, published by the same function',
      bodyType: {
        mediaType: formMediaType,
        description: 'version, title, url, kind',
        example: {
          version: '2026-12-console',
          title: 'Vilkår for MitID Erhverv',
          url: 'https://www.mitid-erhverv.dk/vilkaar',
          kind: 'addition',
        },
        schema: formOf(termsFormFields),
      },
      response: { status: 303, description: 'To /console/terms?done=published' },
      htmlErrors: [409, 422],
    },

    {
      method: 'post',
      path: '/api/ping',
      tag: 'ping',
      auth: 'operator',
      summary: 'Start a ping process',
      body: startPingBody,
      bodyOptional: true,
      response: { status: 201, description: '{ workflowId }' },
      links: {
        ping: { to: 'get /api/ping/:id', parameters: { id: '$response.body#/workflowId' } },
        pong: { to: 'post /api/ping/:id/pong', parameters: { id: '$response.body#/workflowId' } },
        ...caseLinks,
      },
    },
    {
      method: 'post',
      path: '/api/ping/:id/pong',
      tag: 'ping',
      auth: 'operator',
      summary: 'Answer a ping',
      params: { id: pingId },
      body: pongBody,
      response: { status: 202, description: '{ ok: true }' },
      errors: [404, 409],
    },
    {
      method: 'get',
      path: '/api/ping/:id',
      tag: 'ping',
      auth: 'operator',
      summary: "A ping's outcome",
      params: { id: pingId },
      response: { status: 200, description: '{ workflowId, stage, ... }' },
      errors: [404, 422],
    },

    {
      method: 'post',
      path: '/api/connections',
      tag: 'connections',
      auth: 'operator',
      summary:
        'Start connecting an organisation to MitID Erhverv. `country` is DK, except for a foreign company, which names its own (ISO 3166-1 alpha-2). A kind that DOCUMENTATION_REQUIRED_KINDS leaves out is confirmed through the company register and needs `cvr` (422 otherwise)',
      body: startConnectionBody,
      response: { status: 201, description: 'Started', schema: started },
      errors: [409],
      links: {
        connection: { to: 'get /api/connections/:id', parameters: startedConnectionId },
        review: { to: 'post /api/connections/:id/documents/:documentId/review', parameters: startedConnectionId },
        cancel: { to: 'post /api/connections/:id/cancel', parameters: startedConnectionId },
        organization: { to: 'get /api/organizations/:orgId', parameters: { orgId: '$response.body#/connectionId' } },
        ...caseLinks,
      },
    },
    {
      method: 'get',
      path: '/api/connections/:id',
      tag: 'connections',
      auth: 'operator',
      summary:
        'Where a connection stands; a proposal sent back for revision is an event `sent-back` (the reason as `detail`) and stage `awaiting-revision`, its new steps keyed `round-<n>`',
      params: { id: connectionId },
      response: {
        status: 200,
        description: '{ connectionId, workflowId, stage, organization, documents, pendingSteps, events }',
      },
      errors: [404, 422],
    },
    {
      method: 'get',
      path: '/api/connections/:id/documents/:documentId',
      tag: 'connections',
      auth: 'operator',
      summary:
        'A document of the connection: its stored bytes under the media type their first bytes proved, with nosniff; a download (Content-Disposition: attachment), or `?disposition=inline` to view it in a frame of the console (sandboxed, frameable by this origin only)',
      params: { id: connectionId, documentId },
      query: documentQuery,
      response: { status: 200, description: 'The document', mediaType: [...documentMediaTypes] },
      errors: [404],
    },
    {
      method: 'post',
      path: '/api/connections/:id/documents/:documentId/review',
      tag: 'connections',
      auth: 'operator',
      summary: "Approve or reject a registrant's document",
      params: { id: connectionId },
      body: reviewBody,
      response: { status: 200, description: '{ ok: true, documentId, status }' },
      errors: [404, 409],
    },
    cancelOperation('connections', '/api/connections/:id/cancel', { id: connectionId }, 'Cancel a connection'),

    {
      method: 'post',
      path: '/api/muk/connections',
      tag: 'muk',
      auth: 'operator',
      summary:
        "Start a municipality's MUK connection; with `municipality.contact`, the contact first confirms or corrects the municipality's data (`confirm-municipality-data` link)",
      body: startMukConnectionSchema,
      response: { status: 201, description: 'Started', schema: started },
      errors: [409],
      links: {
        connection: { to: 'get /api/muk/connections/:id', parameters: startedConnectionId },
        application: { to: 'get /api/muk/connections/:id/application', parameters: startedConnectionId },
        metadata: { to: 'get /api/muk/connections/:id/service-provider/metadata.xml', parameters: startedConnectionId },
        event: { to: 'post /api/muk/connections/:id/events', parameters: startedConnectionId },
        cancel: { to: 'post /api/muk/connections/:id/cancel', parameters: startedConnectionId },
        ...caseLinks,
      },
    },
    {
      method: 'get',
      path: '/api/muk/connections/:id',
      tag: 'muk',
      auth: 'operator',
      params: { id: mukConnectionId },
      summary: 'Where a MUK connection stands; `awaitedEvents` are the event types POST .../events takes now',
      response: {
        status: 200,
        description:
          '{ connectionId, workflowId, stage, municipality, responsible, portalLoginUrl, vorhabenReference, vorhabenReturned, application, serviceProvider (with lastRejection, lastFailure), pendingSteps, awaitedEvents, events }',
      },
      errors: [404, 422],
    },
    {
      method: 'get',
      path: '/api/muk/connections/:id/application',
      tag: 'muk',
      auth: 'operator',
      params: { id: mukConnectionId },
      summary: 'The printable application (Vorhaben)',
      response: html('The application'),
      errors: [404, 422],
    },
    {
      method: 'get',
      path: '/api/muk/connections/:id/service-provider/metadata.xml',
      tag: 'muk',
      auth: 'operator',
      params: { id: mukConnectionId },
      summary: "The Service Provider's SAML 2.0 metadata",
      response: { status: 200, description: 'SAML metadata', mediaType: 'application/samlmetadata+xml' },
      errors: [404, 409, 422],
    },
    {
      method: 'post',
      path: '/api/muk/connections/:id/events',
      tag: 'muk',
      auth: 'operator',
      params: { id: mukConnectionId },
      summary:
        'Report what happened in the service portal. `vorhaben-returned` (while the confirmation is awaited) sends the Vorhaben back to be corrected and submitted again, `service-provider-rejected` (while the approval is awaited) back to creating the Service Provider; 409 when the event is not awaited now',
      body: mukEventSchema,
      response: { status: 200, description: 'Accepted', schema: staged },
      errors: [404, 409],
      links: {
        next: { to: 'post /api/muk/connections/:id/events', parameters: { id: '$request.path.id' } },
        metadata: {
          to: 'get /api/muk/connections/:id/service-provider/metadata.xml',
          parameters: { id: '$request.path.id' },
        },
      },
    },
    cancelOperation('muk', '/api/muk/connections/:id/cancel', { id: mukConnectionId }, 'Cancel a MUK connection'),

    {
      method: 'get',
      path: '/api/terms',
      tag: 'terms',
      auth: 'operator',
      summary:
        "The current and pending terms versions; each pending one with its notice's progress: the terms-update process's `stage`, `reminderAt` (once the effective date is fixed) and `notice` (organisations told in the current pass, administrators mailed so far)",
      response: { status: 200, description: '{ current, pending }', schema: termsOverviewSchema },
    },
    {
      method: 'post',
      path: '/api/terms',
      tag: 'terms',
      auth: 'operator',
      summary: 'Publish a terms version (an update notifies every administrator)',
      body: publishBody,
      response: { status: 201, description: '{ version, effectiveAt }' },
      errors: [409],
    },

    {
      method: 'get',
      path: '/api/cases',
      tag: 'cases',
      auth: 'operator',
      summary:
        'Find processes by type, stage, organisation, country and whole words of the organisation name (Temporal visibility); `status=running` (the default) lists the open cases: running processes, and organisations whose setup lapsed (stage `expired`, restarted with POST /api/organizations/:orgId/setup/resend)',
      query: listCasesQuery,
      response: {
        status: 200,
        description:
          '{ query, cases: [{ workflowId, processType, stage, organizationId, organizationName, country, status, startTime, closeTime }] }',
      },
    },
    {
      method: 'get',
      path: '/api/cases/:workflowId',
      tag: 'cases',
      auth: 'operator',
      params: { workflowId: caseId },
      summary: 'One process: stage, pending steps, events, and its own details (people, documents, application)',
      response: {
        status: 200,
        description:
          'The case: { workflowId, processType, stage, organizationId, organizationName, country, status, startTime, closeTime, summary, memo, pendingSteps, events, details }',
      },
      errors: [404, 422],
    },
    {
      method: 'post',
      path: '/api/cases/:workflowId/resend',
      tag: 'cases',
      auth: 'operator',
      params: { workflowId: caseId },
      summary:
        "Re-send a pending step's e-mail with a new link (the old one stops working); with `recipient`, to that corrected person, who alone may then complete it; once they have, a setup's administrator record or an activation's user record names them",
      body: resendBody,
      response: { status: 202, description: '{ ok: true, step, expiresAt, recipient? }' },
      errors: [404, 409],
    },
    cancelOperation('cases', '/api/cases/:workflowId/cancel', { workflowId: caseId }, 'Cancel a process'),

    {
      method: 'get',
      path: '/api/organizations/:orgId',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary: 'An organisation: status, login policy, administrators, users by status',
      response: {
        status: 200,
        description:
          '{ orgId, name, status (connected, active, setup_expired), loginPolicy, administrators: [{ name, email, status (appointed, active, expired), loginMethod (private or the separate means) }], terms, users: { imported, activation_pending, active, rejected, expired, deleted } }',
      },
      errors: [403, 404],
    },
    {
      method: 'post',
      path: '/api/organizations/:orgId/setup/resend',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary:
        'Fresh setup links to every administrator who has not set up (the old links answer 410): the running setup re-sends its links; one that has ended (expired) is started again for them',
      body: setupResendRequest,
      bodyOptional: true,
      response: { status: 202, description: '{ workflowId, restarted, administrators: [{ name, email }] }' },
      errors: [403, 404, 409, 429],
      links: {
        organization: { to: 'get /api/organizations/:orgId', parameters: { orgId: '$request.path.orgId' } },
        ...caseLinks,
      },
    },
    {
      method: 'patch',
      path: '/api/organizations/:orgId/login-policy',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary: 'Change the login methods offered',
      body: loginPolicyChange,
      response: { status: 200, description: '{ loginPolicy, reassigned }' },
      errors: [403, 404, 409],
    },
    {
      method: 'post',
      path: '/api/organizations/:orgId/imported-users',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary: 'Import NemID users (CSV); all rows or none',
      bodyType: {
        mediaType: 'text/csv',
        description:
          'name,email,nemidUserId,importedAt; charset UTF-8 (default), windows-1252 or ISO-8859-1; at most 32 MiB, 200,000 rows',
        example: 'name,email,nemidUserId,importedAt\nAnna Andersen,anna@nordisk-test.dk,RID:1001,2023-05-01\n',
      },
      response: {
        status: 200,
        description: '{ imported, rejected: [{ row, error }], rejectedCount, rejectedNotListed }',
      },
      errors: [403, 404, 413, 415, 422, 429],
      links: { users: { to: 'get /api/organizations/:orgId/users', parameters: { orgId: '$request.path.orgId' } } },
    },
    {
      method: 'get',
      path: '/api/organizations/:orgId/users',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary:
        "The organisation's users, a page at a time; `status` filters (imported, activation_pending, active, rejected, expired, deleted; without it every user not deleted)",
      query: usersQuery,
      response: { status: 200, description: '{ users, nextCursor }', schema: usersPage },
      errors: [403, 404],
      links: {
        activate: { to: 'post /api/organizations/:orgId/activations', parameters: { orgId: '$request.path.orgId' } },
        resend: {
          to: 'post /api/organizations/:orgId/users/:userId/resend-activation',
          parameters: { orgId: '$request.path.orgId', userId: '$response.body#/users/0/userId' },
        },
        delete: {
          to: 'delete /api/organizations/:orgId/users/:userId',
          parameters: { orgId: '$request.path.orgId', userId: '$response.body#/users/0/userId' },
        },
      },
    },
    {
      method: 'delete',
      path: '/api/organizations/:orgId/users/:userId',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary:
        'Delete a user who is not activated: imported, rejected or expired (their name, e-mail and NemID id are erased). Deleting again answers 204 too; a pending or active user is 409 user_not_deletable',
      response: { status: 204, description: 'Deleted' },
      errors: [403, 404, 409],
    },
    {
      method: 'post',
      path: '/api/organizations/:orgId/activations',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary:
        'Activate users (some or all) with a login method the organisation offers (else 422): imported users, and users who rejected or let an activation lapse (activated again; their old link no longer works). `all: true` takes every such user',
      body: activationRequest,
      response: {
        status: 202,
        description: '{ batchId, total, again, workflowId }: `again` of the `total` users were activated before',
      },
      errors: [403, 404, 409, 422, 429],
      links: {
        batch: {
          to: 'get /api/organizations/:orgId/activations/:batchId',
          parameters: { orgId: '$request.path.orgId', batchId: '$response.body#/batchId' },
        },
        case: { to: 'get /api/cases/:workflowId', parameters: { workflowId: '$response.body#/workflowId' } },
      },
    },
    {
      method: 'get',
      path: '/api/organizations/:orgId/activations/:batchId',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary: "An activation batch's progress",
      response: { status: 200, description: '{ total, emailed, active, rejected, expired, failed, done }' },
      errors: [403, 404],
    },
    {
      method: 'post',
      path: '/api/organizations/:orgId/users/:userId/resend-activation',
      tag: 'organizations',
      auth: 'organization',
      params: { orgId },
      summary:
        "Re-send a user's activation; with `recipient`, to that corrected person, who alone may then answer it (a pending activation's user record names them once they have, a lapsed one's at once)",
      body: resendActivationRequest,
      bodyOptional: true,
      response: {
        status: 202,
        description:
          '{ userId, status, step?, expiresAt? }: `step` is the pending step re-sent, `activate-user` or, for a user activating a separate means, `activate-means` (its old link and codes stop working)',
      },
      errors: [403, 404, 409, 429],
    },
    {
      method: 'get',
      path: '/api/organizations/:orgId/audit',
      tag: 'organizations',
      auth: 'organization',
      summary: "The organisation's audit trail, oldest first, a page at a time",
      query: auditQuery,
      response: { status: 200, description: 'A page of audit events', schema: auditPage },
      errors: [403],
    },
    {
      method: 'get',
      path: '/admin',
      tag: 'admin',
      auth: 'session',
      summary:
        'The organisations the logged-in person actively administers (without a session: 303 to the private-MitID login)',
      response: html('The organisations, each with its status'),
    },
    {
      method: 'get',
      path: '/admin/organizations/:orgId',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        "An organisation's administration: status, administrators, the login policy form, the setup re-send, the audit log (`?auditCursor=`)",
      query: z.object({ auditCursor: z.string().optional(), done: z.string().optional() }),
      response: html('The organisation, in its language'),
      htmlErrors: [403],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/login-policy',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        'Change the login policy (as PATCH /api/organizations/:orgId/login-policy); a withdrawn method in use answers the form again with the reassign choice',
      bodyType: {
        mediaType: formMediaType,
        description: 'allowPrivateMitId=true, separateMeans (repeated), reassign.<method>=<method>',
        schema: adminForms.loginPolicy,
      },
      response: { status: 303, description: 'To the organisation, with a notice' },
      htmlErrors: [400, 403, 409, 413, 422],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/setup/resend',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        'Send the setup link again to the administrators who have not set up (as POST /api/organizations/:orgId/setup/resend)',
      response: { status: 303, description: 'To the organisation, with a notice' },
      htmlErrors: [403, 409, 429],
    },
    {
      method: 'get',
      path: '/admin/organizations/:orgId/users',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        '"Importerede brugere": search, filter by status, keyset pages; forms to activate, delete, re-send and import',
      query: blankAllowed(usersQuery.pick({ status: true, cursor: true })).extend({
        q: z.string().max(200).optional().meta({
          description:
            'Part of the name or e-mail address; spaces around it are dropped, and a blank one searches nothing',
        }),
        done: z.string().optional(),
        count: z.string().optional(),
      }),
      response: html("The imported users, in the organisation's language"),
      htmlErrors: [403, 422],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/imported-users',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        'Import a NemID export uploaded in the browser (as POST /api/organizations/:orgId/imported-users); refused rows are listed on the page',
      bodyType: {
        mediaType: 'multipart/form-data',
        description: 'charset (utf-8 or windows-1252) and file (the CSV)',
        schema: adminForms.upload,
        example: { charset: 'utf-8', file: 'name,email,nemidUserId,importedAt\n' },
      },
      response: html(
        "The users page with the import's result: how many were imported, and each refused row with its line and reason",
      ),
      htmlErrors: [400, 403, 413, 415, 422, 429],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/activations',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        'Activate the selected users, or all=true every activatable one, with a method the organisation offers (as POST /api/organizations/:orgId/activations)',
      bodyType: {
        mediaType: formMediaType,
        description: 'userIds (repeated) or all=true, loginMethod',
        schema: adminForms.activation,
      },
      response: { status: 303, description: "To the batch's progress page" },
      htmlErrors: [400, 403, 404, 409, 413, 422, 429],
    },
    {
      method: 'get',
      path: '/admin/organizations/:orgId/activations/:batchId',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        "A bulk activation's progress bar and counts (a script polls GET /api/organizations/:orgId/activations/:batchId; without it, a refresh link)",
      query: z.object({ done: z.string().optional(), count: z.string().optional() }),
      response: html('The progress'),
      htmlErrors: [403, 404],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/users/delete',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary: 'Delete the selected users (as DELETE /api/organizations/:orgId/users/:userId for each)',
      bodyType: {
        mediaType: formMediaType,
        description: 'userIds (repeated)',
        schema: adminForms.selection,
      },
      response: { status: 303, description: 'To the users, with a notice' },
      htmlErrors: [400, 403, 404, 409, 413, 422],
    },
    {
      method: 'post',
      path: '/admin/organizations/:orgId/users/resend-activation',
      tag: 'admin',
      auth: 'session',
      params: { orgId },
      summary:
        "Re-send the selected users' activation (as POST /api/organizations/:orgId/users/:userId/resend-activation for each)",
      bodyType: {
        mediaType: formMediaType,
        description: 'userIds (repeated)',
        schema: adminForms.selection,
      },
      response: { status: 303, description: 'To the users, with a notice' },
      htmlErrors: [400, 403, 404, 409, 413, 422, 429],
    },
  ];
  if (!config.production) {
    operations.push(
      {
        method: 'get',
        path: '/dev/mail.json',
        tag: 'dev',
        auth: 'none',
        summary: 'Caught mail, newest first (development only)',
        query: mailQuery,
        response: { status: 200, description: '[{ id, to, subject, text, links, receivedAt }]' },
      },
      {
        method: 'get',
        path: '/dev/mail',
        tag: 'dev',
        auth: 'none',
        summary: 'Caught mail as a page (development only)',
        query: mailQuery,
        response: html('The mail'),
      },
      {
        method: 'get',
        path: '/dev/mitid-app',
        tag: 'dev',
        auth: 'none',
        summary: 'The stand-in MitID app: a page to enter an activation code (development only)',
        query: appQuery,
        response: html('The activation form'),
        errors: [422],
      },
      {
        method: 'post',
        path: '/dev/mitid-app/activations',
        tag: 'dev',
        auth: 'none',
        summary:
          "Activate a separate means with its one-time code, as the MitID app would; the broker's confirmation makes the user active (JSON or form; development only). 404 unknown, 409 used, 410 expired code; 10 wrong codes from one IP within 15 minutes: 429",
        body: activationCodeBody,
        response: { status: 200, description: '{ ok: true, activated: true, means }' },
        errors: [404, 409, 410, 429],
      },
    );
  }
  return operations;
}
