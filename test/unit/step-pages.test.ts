// Every page behind a mailed link, in Danish, German and English: each fact with a translated label and
// value, the stage in words, what happens next, error pages in the link's language, and no raw key,
// enum value or English word on a Danish or German page.
import assert from 'node:assert/strict';
import { renderMukApplicationPage } from '../../api/pages/muk-application';
import {
  renderActivationCodePage,
  renderLoginAgainPage,
  renderProblemPage,
  renderResultPage,
  renderStepPage,
  renderWrongPersonPage,
  type StepPageModel,
} from '../../api/pages/step-page';
import * as glossary from '../../domain/glossary';
import type { Language } from '../../domain/language';
import { nextSteps, whatNext } from '../../domain/next-steps';
import type { StepName } from '../../domain/steps';
import type { PendingStepView } from '../../workflows/process.messages';
import type { MukConnectionDetails } from '../../workflows/muk-connection.messages';

/** What a reader sees: the body's text without tags, scripts or attribute values. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Raw values of the domain that must never reach a reader: keys of the context and enum values. */
const rawValues = [
  'awaiting-',
  'employment-contract',
  'power-of-attorney',
  'code_display',
  'code_reader',
  'foreign-company',
  'send-back',
  'step_not_pending',
  'link_expired',
  'unknown_link',
];
/** English words (and keys that are English words) that give away an untranslated Danish or German page. */
const englishWords = [
  'Status:',
  'administrators',
  'organization',
  'kind',
  'role',
  'representative',
  'expires',
  'Submit',
  'Upload documentation',
  'Approve',
  'Reject',
  'Read the terms',
  'Your role',
  'Payslip',
  'payslip',
  'What happens next',
  'This link',
  'Company with',
];

function assertClean(html: string, language: Language, where: string): string {
  const text = visibleText(html);
  for (const raw of rawValues) {
    const pattern = new RegExp(`(^|[^\\wæøåÆØÅ-])${raw}${raw.endsWith('-') ? '' : '(?![\\wæøå])'}`);
    assert.ok(!pattern.test(text), `${where} (${language}) shows the raw "${raw}": ${text}`);
  }
  assert.ok(
    !/\b[a-z]+[A-Z]\w*\b/.test(text),
    `${where} (${language}) shows a camelCase key: ${text.match(/\b[a-z]+[A-Z]\w*\b/)?.[0]}`,
  );
  if (language !== 'en')
    for (const word of englishWords)
      assert.ok(!new RegExp(`\\b${word}\\b`).test(text), `${where} (${language}) shows the English "${word}": ${text}`);
  assert.match(html, new RegExp(`<html lang="${language}">`));
  return text;
}

const languages: Language[] = ['da', 'de', 'en'];

function pending(step: StepName, context: Record<string, unknown>, acceptsDocuments = false): PendingStepView {
  return {
    step,
    recipient: { name: 'Karen Holm', email: 'karen@example.dk' },
    since: '2030-03-01T08:00:00.000Z',
    expiresAt: '2030-03-15T08:00:00.000Z',
    remindersSent: 0,
    context,
    acceptsDocuments,
    requiresLogin: true,
  };
}

function model(
  language: Language,
  step: StepName,
  context: Record<string, unknown>,
  extra: Partial<StepPageModel> = {},
): StepPageModel {
  return {
    language,
    step,
    actionPath: '/l/token',
    expiresAt: '2030-03-15T08:00:00.000Z',
    pending: pending(step, context, extra.pending?.acceptsDocuments),
    person: { name: 'Karen Holm' },
    recipientFirstName: 'Karen',
    loginUrl: '/auth/login?returnTo=%2Fl%2Ftoken',
    organizationName: 'Fjordhavn Logistik A/S',
    ...extra,
  };
}

const approvalContext = {
  organizationName: 'Fjordhavn Logistik A/S',
  kind: 'company',
  preparedBy: 'Lars Nielsen',
  administrators: [{ name: 'Lars Nielsen', email: 'lars@example.dk' }],
  documents: 1,
  termsVersion: '2030-01',
  termsTitle: 'MitID Erhverv',
  termsUrl: 'https://example.dk/terms/2030-01',
  round: 1,
  sentBackReason: 'Tilføj venligst en administrator mere fra økonomiafdelingen.',
};

describe('the step pages', () => {
  it('show the approval with every fact labelled and in words, the terms as a link, the date in the local format', () => {
    const expected = {
      da: [
        'Organisationstype',
        'Virksomhed med CVR-nummer',
        'Forberedt af',
        'Organisationsadministratorer',
        'Læs vilkårene',
        '15. marts 2030',
        'Tilføj venligst en administrator mere fra økonomiafdelingen.',
        'Send tilbage til rettelse',
      ],
      de: [
        'Organisationsart',
        'Unternehmen mit CVR-Nummer',
        'Vorbereitet von',
        'Organisationsadministratoren',
        'Bedingungen lesen',
        '15. März 2030',
      ],
      en: [
        'Kind of organisation',
        'Company with a CVR number',
        'Prepared by',
        'Organisation administrators',
        'Read the terms',
        '15 March 2030',
      ],
    };
    for (const language of languages) {
      const terms = { version: '2030-01', title: 'MitID Erhverv', url: 'https://example.dk/terms/2030-01' };
      const html = renderStepPage(model(language, 'approve-connection', approvalContext, { terms }));
      const text = assertClean(html, language, 'the approval');
      for (const words of expected[language])
        assert.ok(text.includes(words), `the approval (${language}) lacks "${words}": ${text}`);
      assert.ok(html.includes('href="https://example.dk/terms/2030-01"'), 'the terms are a link to their address');
      assert.ok(text.includes('Lars Nielsen <lars@example.dk>'));
    }
  });

  it('show the preparation with the role in words and the upload form with document types in words', () => {
    const context = {
      organizationName: 'Fjordhavn Logistik A/S',
      kind: 'foreign-company',
      role: 'registrant',
      documents: [{ documentId: 'd1', documentType: 'payslip' }],
    };
    const expected = {
      da: ['Registrant', 'Udenlandsk virksomhed', 'Lønseddel', 'Ansættelseskontrakt', 'Fuldmagt'],
      de: ['Registrierende Person', 'Ausländisches Unternehmen', 'Gehaltsabrechnung', 'Arbeitsvertrag', 'Vollmacht'],
      en: ['Registrant', 'Foreign company', 'Payslip', 'Employment contract', 'Power of attorney'],
    };
    for (const language of languages) {
      const html = renderStepPage(
        model(language, 'prepare-connection', context, { pending: pending('prepare-connection', context, true) }),
      );
      const text = assertClean(html, language, 'the preparation');
      for (const words of expected[language])
        assert.ok(text.includes(words), `the preparation (${language}) lacks "${words}": ${text}`);
      // The option's value is the API's; what the person reads is the word.
      assert.match(html, /<option value="payslip">/);
    }
  });

  it('show the resubmission with the case worker’s reason in full, the setup, the activations and the login page', () => {
    const cases: Array<[StepName, Record<string, unknown>]> = [
      [
        'resubmit-documents',
        { organizationName: 'Fjordhavn', rejectionReasons: 'Lønsedlen er ulæselig; upload venligst en skarpere kopi.' },
      ],
      [
        'setup-organization',
        {
          organizationName: 'Fjordhavn',
          organizationSetUp: true,
          loginPolicy: { allowPrivateMitId: true, separateMeans: ['app', 'code_display'] },
        },
      ],
      ['setup-organization', { organizationName: 'Fjordhavn', organizationSetUp: false }],
      ['activate-user', { organizationName: 'Fjordhavn', loginMethod: 'code_reader' }],
      ['activate-user', { organizationName: 'Fjordhavn', loginMethod: 'private' }],
      ['activate-means', { organizationName: 'Fjordhavn', loginMethod: 'chip' }],
    ];
    for (const language of languages) {
      for (const [step, context] of cases) {
        const text = assertClean(
          renderStepPage(
            model(language, step, context, { pending: pending(step, context, step === 'resubmit-documents') }),
          ),
          language,
          step,
        );
        if (step === 'resubmit-documents')
          assert.ok(text.includes('Lønsedlen er ulæselig; upload venligst en skarpere kopi.'), 'the reason in full');
        if (context.loginPolicy) assert.ok(text.includes(glossary.loginMethods.code_display![language]));
      }
      const anonymous = renderStepPage(
        model(language, 'approve-connection', approvalContext, { person: undefined, pending: undefined }),
      );
      const text = assertClean(anonymous, language, 'the page before login');
      assert.ok(
        !text.includes('Lars Nielsen'),
        'before login the page shows nothing of the step but its organisation and first name',
      );
    }
  });

  it('show the German municipality form and the MUK application with the stage in words', () => {
    const context = {
      organizationName: 'Greiling',
      municipalityData: {
        name: 'Greiling',
        federalState: 'Bayern',
        support: { name: 'Rathaus', email: 'rathaus@greiling.de' },
        portalLoginUrl: 'https://greiling.example/login',
      },
    };
    assertClean(renderStepPage(model('de', 'confirm-municipality-data', context)), 'de', 'the municipality form');
    const details = {
      municipalityKey: 'greiling-by',
      municipality: { name: 'Greiling' },
      application: {
        Verantwortlichkeiten: { Name: 'Greiling' },
        Vorhaben: { Name: 'Greiling', Kontakt: { 'E-Mail': 'rathaus@greiling.de' } },
        Anhänge: 'Keine',
      },
    } as unknown as MukConnectionDetails;
    const text = assertClean(
      renderMukApplicationPage(details, 'awaiting-vorhaben-submission'),
      'de',
      'the MUK application',
    );
    assert.ok(text.includes('Stand: Wartet auf das Absenden des Vorhabens'));
  });

  it('show a refused form again with each problem beside its field, in the page’s language, and what was typed', () => {
    const entered = { administrators: [{ name: 'Ada', email: 'ada@' }] };
    const words = {
      da: 'Skriv en gyldig e-mailadresse.',
      de: 'Geben Sie eine gültige E-Mail-Adresse an.',
      en: 'Enter a valid e-mail address.',
    };
    for (const language of languages) {
      const html = renderStepPage(
        model(
          language,
          'prepare-connection',
          { organizationName: 'F', role: 'representative' },
          { errors: ['administrators.0.email'], entered },
        ),
      );
      const text = assertClean(html, language, 'the refused preparation');
      assert.ok(text.includes(words[language]), text);
      assert.match(html, /id="ae0"[^>]*value="ada@"/, 'what was typed stays');
      assert.match(
        html,
        /value="ada@"[^>]*>\s*<p class="field-error" id="administrators.0.email-error">/,
        'the problem is beside its field',
      );
    }
    const municipality = renderStepPage(
      model(
        'de',
        'confirm-municipality-data',
        {},
        {
          errors: ['federalState', 'support.email'],
          entered: {
            name: 'Greiling',
            federalState: 'Bayernland',
            support: { name: 'R', email: 'nope' },
            portalLoginUrl: 'https://g',
          },
        },
      ),
    );
    const text = assertClean(municipality, 'de', 'the refused municipality form');
    assert.ok(
      text.includes('Wählen Sie ein Bundesland.') && text.includes('Geben Sie eine gültige E-Mail-Adresse an.'),
      text,
    );
    assert.match(municipality, /name="support\[email\]" value="nope"/);
  });

  it('say after each step the stage in words and what happens next', () => {
    const results: Array<[StepName, string, string | undefined, Record<Language, string>]> = [
      [
        'approve-connection',
        'awaiting-document-review',
        'approve',
        {
          da: 'Din godkendelse er modtaget; sagsbehandleren gennemgår dokumentationen inden for 10 arbejdsdage',
          de: 'innerhalb von 10 Arbeitstagen',
          en: 'within 10 working days',
        },
      ],
      [
        'approve-connection',
        'connected',
        'approve',
        {
          da: 'organisationen er tilsluttet MitID Erhverv',
          de: 'an MitID Erhverv angeschlossen',
          en: 'the organisation is connected',
        },
      ],
      [
        'approve-connection',
        'awaiting-revision',
        'send-back',
        {
          da: 'sendt tilbage til registranten',
          de: 'an die registrierende Person zurückgegangen',
          en: 'gone back to the registrant',
        },
      ],
      [
        'approve-connection',
        'rejected',
        'reject',
        {
          da: 'Du har afvist tilslutningen',
          de: 'Sie haben den Anschluss abgelehnt',
          en: 'You have rejected the connection',
        },
      ],
      [
        'prepare-connection',
        'awaiting-approval',
        undefined,
        { da: 'ledelsesrepræsentanten', de: 'vertretungsberechtigte Person', en: 'management representative' },
      ],
      [
        'setup-organization',
        'active',
        undefined,
        { da: 'Opsætningen er registreret', de: 'Die Einrichtung ist erfasst', en: 'The setup is recorded' },
      ],
      [
        'activate-user',
        'awaiting-users',
        'approve',
        { da: 'Din bruger er aktiveret', de: 'Ihr Benutzer ist aktiviert', en: 'Your user is activated' },
      ],
      [
        'confirm-municipality-data',
        'awaiting-vorhaben-submission',
        undefined,
        { da: 'oplysningerne er bekræftet', de: 'die Angaben sind bestätigt', en: 'the details are confirmed' },
      ],
    ];
    for (const language of languages) {
      for (const [step, stage, decision, words] of results) {
        const text = assertClean(
          renderResultPage(language, { step, stage, decision }),
          language,
          `the result of ${step}`,
        );
        assert.ok(text.includes(words[language]), `after ${step} → ${stage} (${language}): ${text}`);
        assert.ok(text.includes(glossary.stages[stage]![language]), 'the stage in words');
      }
    }
  });

  it('has every "what next" sentence in all three languages', () => {
    for (const [key, words] of Object.entries(nextSteps))
      for (const language of languages) assert.ok(words?.[language], `${key} lacks ${language}`);
    assert.equal(whatNext('review-documents', 'connected', 'da'), undefined);
    // The representative who prepared approves next: the page says so, not that someone else will.
    const own = visibleText(
      renderResultPage('da', {
        step: 'prepare-connection',
        stage: 'awaiting-approval',
        next: { step: 'approve-connection', url: '/l/next' },
      }),
    );
    assert.match(own, /Som ledelsesrepræsentant godkender du det selv/);
    assert.doesNotMatch(own, /sendt til ledelsesrepræsentanten/);
  });

  it('hand out an activation code with the means and its validity in words', () => {
    const code = {
      code: 'ABCD-EFGH',
      expiresAt: '2030-03-01T09:00:00.000Z',
      means: 'code_display',
      appUrl: 'http://127.0.0.1/dev/mitid-app',
    };
    for (const language of languages) {
      const text = assertClean(renderActivationCodePage(language, code), language, 'the activation code');
      assert.ok(text.includes(glossary.loginMethods.code_display![language]));
      assert.ok(text.includes(glossary.formatDate(code.expiresAt, language)));
      assertClean(
        renderResultPage(language, {
          step: 'activate-user',
          stage: 'awaiting-users',
          decision: 'activate',
          code,
          next: { step: 'activate-means', url: '/l/next' },
        }),
        language,
        'the result with a code',
      );
    }
  });

  it('answer errors behind a link in its language, with words for every code', () => {
    const codes = [
      'unknown_link',
      'link_expired',
      'link_superseded',
      'step_not_pending',
      'step_conflict',
      'too_many_documents',
      'invalid_step_input',
      'invalid_request',
      'terms_outdated',
      'rate_limited',
      'unsupported_media_type',
      'too_large',
      'upload_timeout',
      'upload_aborted',
      'something_new',
    ];
    const titles = new Set<string>();
    for (const language of languages) {
      for (const code of codes) {
        const html = renderProblemPage(language, code, '/l/token');
        assertClean(html, language, `the ${code} page`);
        titles.add(`${language}:${html.match(/<h1[^>]*>([^<]*)<\/h1>/)![1]}`);
      }
      assertClean(renderWrongPersonPage(language, 'Karen Holm', 'Lars Nielsen'), language, 'the wrong-person page');
      assertClean(renderLoginAgainPage(language, '/auth/login'), language, 'the log-in-again page');
    }
    assert.equal(titles.size, codes.length * languages.length, 'every code has a title of its own');
    assert.match(visibleText(renderProblemPage('da', 'link_expired')), /Linket er udløbet/);
    assert.match(visibleText(renderProblemPage('de', 'step_not_pending')), /Der Schritt ist bereits erledigt/);
  });
});

describe('system texts', () => {
  it('translates what the system writes into a case and leaves a person’s words as written', () => {
    assert.equal(
      glossary.inWords('A step was not completed in time', 'da'),
      'Et trin blev ikke gennemført inden fristen.',
    );
    assert.equal(
      glossary.inWords('Rejected by the management representative', 'de'),
      'Von der vertretungsberechtigten Person abgelehnt.',
    );
    assert.equal(glossary.inWords('Forkert CVR-nummer', 'en'), 'Forkert CVR-nummer');
  });
});
