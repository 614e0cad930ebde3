import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config/env';
import { applicationLines, buildVorhabenApplication, labelApplication } from '../../domain/muk/application';
import { mukEventSchema } from '../../domain/muk/events';
import { municipalityKey, startMukConnectionSchema } from '../../domain/muk/municipality';
import { defaultVendorProfile } from '../../domain/muk/vendor';
import { seedRequest } from '../support/muk';

describe('MUK Vorhaben application (the fields the MUK service portal asks for)', () => {
  const request = startMukConnectionSchema.parse(seedRequest);
  const labelled = labelApplication(buildVorhabenApplication(request, defaultVendorProfile));

  it('fills Verantwortlichkeiten with the responsible person at optiGov and the municipality as client', () => {
    const v = labelled.Verantwortlichkeiten;
    assert.deepEqual(v.Vorhabensverantwortlicher, {
      Name: 'Maria Muster',
      'E-Mail': 'maria.muster@optigov.de',
      Organisation: 'optiGov',
    });
    assert.equal(v['Meine Rolle'], 'Verantwortlicher beim Dienstleister');
    assert.deepEqual(v['Angaben zum Auftraggeber'], {
      Name: 'Bad Tölz',
      Bundesland: 'Bayern',
      'Ansprechpartner Name': 'Bürgerservice Bad Tölz',
      'Ansprechpartner E-Mail': 'support@bad-toelz.de',
      'Ansprechpartner Telefon': '+49 8041 505-0',
    });
    assert.deepEqual(Object.keys(v), ['Vorhabensverantwortlicher', 'Meine Rolle', 'Angaben zum Auftraggeber']);
  });

  const portalVorhaben: Array<[string, unknown]> = [
    ['Name', 'Bad Tölz'],
    ['NEZO-Login & Postfach 2.0', 'Nur NEZO-Login'],
    ['Rechtlicher Rahmen', 'OZG'],
    ['Ordnungsmerkmale', 'StNr'],
    ['Anzahl Onlinedienste', '10'],
    ['Bundesland', 'Bayern'],
    ['Efa-Leistung', 'Nein'],
    ['Support', { Name: 'Bürgerservice Bad Tölz', 'E-Mail': 'support@bad-toelz.de', Telefon: '+49 8041 505-0' }],
    ['NEZO-Login', 'https://bad-toelz.optigov.de/login'],
    [
      'Kurzbeschreibung',
      'Die Anmeldung am MUK ermöglicht es den Unternehmen in der Kommune sich an dem Serviceportal dieser anzumelden.',
    ],
    [
      'Ziel',
      'Bisher war die Anmeldung nur über die BundID für Bürger möglich. Da viele Dienstleistungen allerdings für Unternehmen angeboten werden, soll die Anbindung des MUK ebenfalls Unternehmen den Login am Serviceportal ermöglichen und so dabei helfen Anträge, welche durch Unternehmen gestellt werden, mit Authentifizierung einzureichen.',
    ],
    ['Stadium', 'Das Serviceportal ist einsatzbereit und soll nun um den Login des MUK erweitert werden.'],
    [
      'Zeitlicher Rahmen',
      'Die Entwicklung ist bereits abgeschlossen, da es sich bei dem Serviceportal der Firma optiGov um ein Standard-Projekt handelt. Die Tests werden stetig in einem separaten System der Firma optiGov durchgeführt. Somit können wir nach Genehmigung direkt starten.',
    ],
    ['Anzahl Anwender', '50 pro Monat'],
    ['Mehr als 10.000 Logins', 'Nein'],
    ['Spitzenzeiten', 'Nein'],
    ['Aufmerksam', 'optiGov'],
    ['Postfach', 'Das Postfach soll perspektivisch später angebunden werden.'],
  ];

  for (const [label, expected] of portalVorhaben) {
    it(`Vorhaben › ${label}`, () => assert.deepEqual(labelled.Vorhaben[label], expected));
  }

  it("has exactly the portal's fields, in the portal's order, and no attachments", () => {
    assert.deepEqual(
      Object.keys(labelled.Vorhaben),
      portalVorhaben.map(([label]) => label),
    );
    assert.equal(labelled.Anhänge, 'Keine Anhänge notwendig.');
  });

  it('writes the application as e-mail lines', () => {
    const lines = applicationLines(labelled);
    assert.ok(lines.includes('- Rechtlicher Rahmen: OZG'));
    assert.ok(
      lines.includes('- Support: Name: Bürgerservice Bad Tölz, E-Mail: support@bad-toelz.de, Telefon: +49 8041 505-0'),
    );
    assert.equal(lines.at(-1), 'Anhänge: Keine Anhänge notwendig.');
  });
});

describe('MUK start request', () => {
  it('keys a municipality by its name and federal state, accepting the state by name or code', () => {
    assert.equal(municipalityKey('Bad Tölz', 'Bayern'), 'bad-toelz-by');
    assert.equal(municipalityKey('Groß-Umstadt', 'Hessen'), 'gross-umstadt-he');
    const byCode = startMukConnectionSchema.parse({
      ...seedRequest,
      municipality: { ...seedRequest.municipality, federalState: 'by' },
    });
    assert.equal(byCode.municipality.federalState, 'Bayern');
  });

  const invalid: Array<[string, unknown]> = [
    ['missing municipality', { responsible: seedRequest.responsible, portalLoginUrl: seedRequest.portalLoginUrl }],
    ['missing support contact', { ...seedRequest, municipality: { name: 'X', federalState: 'Bayern' } }],
    [
      'unknown federal state',
      { ...seedRequest, municipality: { ...seedRequest.municipality, federalState: 'Bavaria' } },
    ],
    ['invalid login URL', { ...seedRequest, portalLoginUrl: 'not a url' }],
    ['non-http login URL', { ...seedRequest, portalLoginUrl: 'javascript:alert(1)' }],
    ['invalid e-mail', { ...seedRequest, responsible: { name: 'M', email: 'nope' } }],
    ['unknown field', { ...seedRequest, extra: true }],
  ];
  for (const [name, body] of invalid) {
    it(`refuses ${name}`, () => assert.equal(startMukConnectionSchema.safeParse(body).success, false));
  }
});

describe('MUK operator events', () => {
  it('accepts each event type with its body and refuses unknown types', () => {
    assert.ok(mukEventSchema.safeParse({ type: 'vorhaben-submitted', reference: 'V-2024-17' }).success);
    assert.ok(mukEventSchema.safeParse({ type: 'integration-tested', result: 'passed' }).success);
    assert.equal(mukEventSchema.safeParse({ type: 'vorhaben-submitted' }).success, false);
    assert.equal(mukEventSchema.safeParse({ type: 'integration-tested', result: 'failed' }).success, false);
    assert.equal(mukEventSchema.safeParse({ type: 'vorhaben-rejected' }).success, false);
  });

  it("takes the portal's refusals only with a reason", () => {
    assert.ok(mukEventSchema.safeParse({ type: 'vorhaben-returned', reason: 'Bundesland fehlt' }).success);
    assert.ok(mukEventSchema.safeParse({ type: 'service-provider-rejected', reason: 'ACS-URL falsch' }).success);
    assert.equal(mukEventSchema.safeParse({ type: 'vorhaben-returned' }).success, false);
    assert.equal(mukEventSchema.safeParse({ type: 'service-provider-rejected', reason: '  ' }).success, false);
  });
});

describe('MUK vendor configuration', () => {
  it('defaults to optiGov and lets MUK_VENDOR_JSON override any part', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).mukVendor.name, 'optiGov');
    const vendor = loadConfig({
      NODE_ENV: 'test',
      MUK_VENDOR_JSON: '{"name":"Example GmbH","numberOfOnlineServices":25}',
    }).mukVendor;
    const labelled = labelApplication(buildVorhabenApplication(startMukConnectionSchema.parse(seedRequest), vendor));
    assert.equal(labelled.Vorhaben['Anzahl Onlinedienste'], '25');
    assert.equal(labelled.Vorhaben.Aufmerksam, 'Example GmbH');
    assert.match(
      String(labelled.Vorhaben['Zeitlicher Rahmen']),
      /Serviceportal der Firma Example GmbH um ein Standard-Projekt/,
    );
    assert.equal(labelled.Vorhaben['Rechtlicher Rahmen'], 'OZG');
  });

  it('names the wrong part of MUK_VENDOR_JSON', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', MUK_VENDOR_JSON: '{"numberOfOnlineServices":-1}' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.some((p) => p.startsWith('MUK_VENDOR_JSON.numberOfOnlineServices')),
    );
    assert.throws(() => loadConfig({ NODE_ENV: 'test', MUK_VENDOR_JSON: '{' }), ConfigError);
  });
});
