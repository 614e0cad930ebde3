import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentMediaTypes } from '../../api/document-upload';
import { administrators, organizations } from '../../db/schema';
import type { TermsNotice } from '../../activities/terms';
import type { TermsVersion } from '../../db/terms';
import * as glossary from '../../domain/glossary';
import { mukEventSchema } from '../../domain/muk/events';
import { organizationKinds } from '../../domain/organization';
import { separateMeans } from '../../domain/step-inputs';
import { userStatuses } from '../../domain/users';
import type { ConnectionStage } from '../../workflows/connection.messages';
import type { MukConnectionStage } from '../../workflows/muk-connection.messages';
import type { TermsUpdateStage } from '../../workflows/terms-update.messages';
import { processTypes as processTypeNames } from '../../domain/process-types';

// Listed in full so that a stage added to a process without a word fails to compile here.
const connectionStages = {
  'awaiting-preparation': 1,
  'awaiting-approval': 1,
  'awaiting-revision': 1,
  'checking-company-register': 1,
  'awaiting-document-review': 1,
  'awaiting-resubmission': 1,
  connected: 1,
  rejected: 1,
  expired: 1,
  cancelled: 1,
} satisfies Record<ConnectionStage, 1>;
const mukStages = {
  'awaiting-municipality-data': 1,
  'awaiting-vorhaben-submission': 1,
  'awaiting-vorhaben-confirmation': 1,
  'preparing-service-provider': 1,
  'awaiting-service-provider-creation': 1,
  'awaiting-service-provider-approval': 1,
  'checking-integration': 1,
  'awaiting-integration-test': 1,
  done: 1,
  expired: 1,
  cancelled: 1,
} satisfies Record<MukConnectionStage, 1>;
const termsStages = {
  published: 1,
  'waiting-for-previous': 1,
  notifying: 1,
  'announcing-date': 1,
  'notice-period': 1,
  reminding: 1,
  reminded: 1,
  effective: 1,
} satisfies Record<TermsUpdateStage, 1>;
const otherStages = [
  'awaiting-setup',
  'active',
  'completed',
  'awaiting-users',
  'emailing',
  'emailed',
  'starting-groups',
];

/** Every event type a process records: the literal ones read from the workflows' source, and those it builds from a value. */
function recordedEventTypes(): string[] {
  const dir = join(__dirname, '..', '..', 'workflows');
  const source = readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
  const literal = [...source.matchAll(/record\(\{\s*type: [^,}]*/g)].flatMap((match) =>
    [...match[0].matchAll(/(?<!=== )'([a-z-]+)'/g)].map((quoted) => quoted[1]!),
  );
  assert.ok(literal.length >= 15, 'the workflows record their events as `record({ type: ... })`');
  return [
    ...literal,
    'document-approved',
    'document-rejected',
    'municipality-data-confirmed',
    'municipality-data-corrected',
  ];
}

/**
 * The sentences the system writes into a case where people read them: a process's end (`end(stage,
 * '...')`), the register check's refusals (`reason: '...'`) and the user activation's login lines.
 */
function systemSentences(): string[] {
  const read = (...path: string[]) => readFileSync(join(__dirname, '..', '..', ...path), 'utf8');
  const workflows = ['connection.ts', 'muk-connection.ts'].map((file) => read('workflows', file)).join('\n');
  const ends = [...workflows.matchAll(/end\(\s*'[a-z-]+',\s*(?:[\w.]+ \?\? )?'([^']+)'/g)].map((match) => match[1]!);
  const checks = [...read('activities', 'connection.ts').matchAll(/reason: '([^']+)'/g)].map((match) => match[1]!);
  const loginLines = [...read('workflows', 'user-activation.ts').matchAll(/'(Login: [^']+)'/g)].map(
    (match) => match[1]!,
  );
  assert.ok(
    ends.length >= 3 && checks.length >= 2 && loginLines.length >= 5,
    'the sources still write their sentences as literals',
  );
  return [...ends, ...checks, ...loginLines];
}

function assertCovered(table: Record<string, Record<string, string>>, values: readonly string[]): void {
  for (const value of values) {
    for (const language of ['da', 'de', 'en'] as const) {
      assert.ok(table[value]?.[language], `no ${language} word for ${value}`);
    }
  }
}

describe('the glossary', () => {
  it('has a word in every language for every stage, kind, status, login method and process type', () => {
    assertCovered(glossary.stages, [
      ...Object.keys(connectionStages),
      ...Object.keys(mukStages),
      ...Object.keys(termsStages),
      ...otherStages,
    ]);
    assertCovered(glossary.organizationKinds, organizationKinds);
    assertCovered(glossary.userStatuses, userStatuses);
    assertCovered(glossary.loginMethods, ['private', ...separateMeans]);
    assertCovered(glossary.processTypes, processTypeNames);
    assertCovered(glossary.eventTypes, recordedEventTypes());
    assertCovered(glossary.mediaTypes, documentMediaTypes);
    assertCovered(glossary.administratorStatuses, administrators.status.enumValues);
    assertCovered(glossary.organizationStatuses, organizations.status.enumValues);
    assertCovered(glossary.systemTexts, systemSentences());
    // What the administration's audit log shows of the organisation calls.
    assertCovered(glossary.auditActions, [
      'login-policy',
      'import-users',
      'activate-users',
      'delete-user',
      'resend-activation',
      'setup-resend',
      'setup-organization',
      'activate-user',
    ]);
    assertCovered(
      glossary.mukEvents,
      mukEventSchema.options.map((option) => option.shape.type.value),
    );
    assertCovered(glossary.termsKinds, ['initial', 'update', 'addition'] satisfies Array<TermsVersion['kind']>);
    assertCovered(glossary.termsNotices, ['update', 'date', 'reminder'] satisfies TermsNotice[]);
    assertCovered(glossary.integrationTestResults, ['passed', 'failed']);
  });

  it('shows an unknown value as it is, and dates as people of the language write them', () => {
    assert.equal(glossary.wordFor(glossary.stages, 'something-new', 'da'), 'something-new');
    assert.equal(glossary.formatDate('2026-03-01T12:00:00Z', 'da', false), '1. marts 2026');
    assert.equal(glossary.formatDate('2026-03-01T12:00:00Z', 'de', false), '1. März 2026');
    assert.equal(glossary.formatDate('2026-03-01T12:00:00Z', 'en'), '1 March 2026 at 13:00');
  });
});
