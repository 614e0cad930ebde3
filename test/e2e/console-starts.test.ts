// The console's start forms, MUK screen and terms screen through HTTP on the real stack, as a signed-in
// operator's browser sends them (form posts with the console cookie, from the service's own origin).
import assert from 'node:assert/strict';
import { auditRows } from '../support/audit';
import { waitForMail } from '../support/mailbox';
import { withStack } from '../support/stack';
import { seedOrganizations } from '../support/terms-fixtures';
import { eventually } from '../support/wait';

describe('console start forms, MUK screen and terms screen on the real stack', () => {
  const stack = withStack();
  let cookie: string;

  before(async () => {
    const signedIn = await fetch(`${stack.baseUrl}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ key: stack.config.env.OPERATOR_API_KEY }),
    });
    cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  });

  const page = async (path: string, language = 'en') => {
    const response = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie, 'accept-language': language } });
    return { status: response.status, html: await response.text() };
  };
  const post = async (path: string, fields: Record<string, string>, language = 'en') => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: stack.baseUrl, 'accept-language': language },
      body: new URLSearchParams(fields),
    });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  };
  /** The message shown beside a field (its `<p id="<field id>-error">`). */
  const errorBeside = (html: string, id: string) =>
    new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

  const company = {
    'organization.name': 'Nordisk Testfabrik ApS',
    'organization.kind': 'company',
    'organization.country': 'DK',
    'organization.cvr': '12345678',
    'initiator.role': 'representative',
    'initiator.name': 'Karen Holm',
    'initiator.email': 'karen.holm@nordisk-test.dk',
    'representative.name': '',
    'representative.email': '',
  };

  it('starts a connection from the form: to the case page, the representative mailed, the action audited', async () => {
    const form = await page('/console/start', 'da');
    assert.equal(form.status, 200);
    assert.match(form.html, /<label for="organization-name">Organisationens navn<\/label>/);
    assert.match(form.html, /<option value="company">Virksomhed med CVR-nummer<\/option>/);
    assert.match(form.html, /<option value="SE">Sverige<\/option>/);

    const started = await post('/console/start', company);
    assert.equal(started.status, 303, started.html);
    assert.equal(started.location, '/console/cases/connection-dk-cvr-12345678');
    assert.equal((await page(started.location!)).status, 200, "the case's page is there");
    const mail = await waitForMail(stack, 'karen.holm@nordisk-test.dk');
    assert.match(mail.text, /Nordisk Testfabrik ApS/);
    const read = await stack.api('GET', '/api/connections/dk-cvr-12345678');
    assert.equal(read.body.stage, 'awaiting-preparation');

    const audited = await auditRows(stack, { action: 'operator-call:POST /console/start' });
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.outcome, '303');
    assert.equal(audited[0]!.orgId, 'dk-cvr-12345678');
  });

  it('answers a duplicate with 409 and a link to the running case', async () => {
    const again = await post('/console/start', company, 'da');
    assert.equal(again.status, 409);
    assert.match(
      again.html,
      /Denne organisation har allerede en tilslutning i gang\. <a href="\/console\/cases\/connection-dk-cvr-12345678">Åbn sagen<\/a>/,
    );
  });

  it('shows invalid input again with 422 and each problem beside its field, in the page language', async () => {
    const invalid = await post(
      '/console/start',
      { ...company, 'organization.name': ' ', 'organization.cvr': '123', 'initiator.email': 'not-an-address' },
      'da',
    );
    assert.equal(invalid.status, 422);
    assert.equal(errorBeside(invalid.html, 'organization-name'), 'Skriv organisationens navn.');
    assert.match(errorBeside(invalid.html, 'organization-cvr') ?? '', /CVR-nummeret med 8 cifre/);
    assert.equal(errorBeside(invalid.html, 'initiator-email'), 'Skriv en gyldig e-mailadresse.');
    assert.equal(errorBeside(invalid.html, 'initiator-name'), undefined, 'a good field has no problem');
    // What was typed stays in the form.
    assert.match(invalid.html, /id="initiator-email"[^>]*value="not-an-address"/);

    // The schema's rules across fields: a company in Sweden; a registrant without the representative who approves.
    const across = await post(
      '/console/start',
      { ...company, 'organization.country': 'SE', 'initiator.role': 'registrant' },
      'da',
    );
    assert.equal(across.status, 422);
    assert.match(errorBeside(across.html, 'organization-country') ?? '', /kun en udenlandsk virksomhed/);
    assert.match(errorBeside(across.html, 'representative-name') ?? '', /ledelsesrepræsentantens fulde navn/);
    assert.match(across.html, /<option value="registrant" selected>/);
    assert.match(across.html, /<option value="SE" selected>Sverige<\/option>/);

    // The API's own rule beyond its schema (a kind confirmed in the register needs its CVR number) lands beside the field too.
    const noCvr = await post('/console/start', { ...company, 'organization.cvr': '' });
    assert.equal(noCvr.status, 422);
    assert.match(errorBeside(noCvr.html, 'organization-cvr') ?? '', /8-digit CVR number/);
  });

  it('starts a MUK connection from its form, and a second start answers 409 with the link', async () => {
    const form = await page('/console/start/muk', 'de');
    assert.equal(form.status, 200);
    assert.match(form.html, /<label for="municipality-federalState">Bundesland<\/label>/);
    assert.match(form.html, /<option value="Thüringen">Thüringen<\/option>/);

    const fields = {
      'municipality.name': 'Bad Tölz',
      'municipality.federalState': 'Bayern',
      'municipality.support.name': 'Bürgerservice Bad Tölz',
      'municipality.support.email': 'support@bad-toelz.de',
      'municipality.support.phone': '',
      'responsible.name': 'Maria Muster',
      'responsible.email': 'maria.muster@optigov.de',
      portalLoginUrl: 'https://bad-toelz.optigov.de/login',
      'municipality.contact.name': '',
      'municipality.contact.email': '',
    };
    const half = await post(
      '/console/start/muk',
      { ...fields, 'municipality.contact.name': 'Hans Huber', portalLoginUrl: 'bad-toelz' },
      'de',
    );
    assert.equal(half.status, 422);
    assert.match(errorBeside(half.html, 'municipality-contact-email') ?? '', /E-Mail-Adresse der Ansprechperson/);
    assert.match(errorBeside(half.html, 'portalLoginUrl') ?? '', /https:\/\//);

    const started = await post('/console/start/muk', fields);
    assert.equal(started.status, 303, started.html);
    assert.equal(started.location, '/console/muk/bad-toelz-by');
    const read = await stack.api('GET', '/api/muk/connections/bad-toelz-by');
    assert.equal(read.status, 200);
    assert.equal(read.body.responsible.email, 'maria.muster@optigov.de');

    const again = await post('/console/start/muk', fields, 'de');
    assert.equal(again.status, 409);
    assert.match(again.html, /<a href="\/console\/muk\/bad-toelz-by">Vorgang öffnen<\/a>/);
  });

  it('shows a MUK case with exactly the awaited events, and sending one moves the stage', async () => {
    const buttons = (html: string) =>
      [...html.matchAll(/<input type="hidden" name="type" value="([a-z-]+)">/g)].map((match) => match[1]);
    const first = await eventually('the Vorhaben awaited', async () => {
      const shown = await page('/console/muk/bad-toelz-by', 'de');
      return buttons(shown.html).length > 0 ? shown : undefined;
    });
    assert.match(first.html, /<span class="badge">Wartet auf das Absenden des Vorhabens<\/span>/);
    assert.deepEqual(buttons(first.html), ['vorhaben-submitted']);
    assert.match(
      first.html,
      /<a href="\/muk\/connections\/bad-toelz-by\/application\?exp=\d+&amp;sig=[\w-]+">Druckbarer Antrag/,
    );
    // The application link opens the printable page (a signed read-only link).
    const link = /href="(\/muk\/connections\/bad-toelz-by\/application\?[^"]+)"/
      .exec(first.html)![1]!
      .replace(/&amp;/g, '&');
    const application = await fetch(`${stack.baseUrl}${link}`);
    assert.equal(application.status, 200);
    assert.match(await application.text(), /Verantwortlicher beim Dienstleister/);

    const noReference = await post(
      '/console/muk/bad-toelz-by/events',
      { type: 'vorhaben-submitted', reference: '', note: '' },
      'de',
    );
    assert.equal(noReference.status, 422);
    assert.match(errorBeside(noReference.html, 'vorhaben-submitted-reference') ?? '', /Referenz/);

    const notAwaited = await post('/console/muk/bad-toelz-by/events', { type: 'service-provider-approved' }, 'de');
    assert.equal(notAwaited.status, 409);
    assert.match(notAwaited.html, /wartet gerade nicht auf diese Meldung/);

    const sent = await post('/console/muk/bad-toelz-by/events', {
      type: 'vorhaben-submitted',
      reference: 'VH-2025-0042',
      note: '',
    });
    assert.equal(sent.status, 303, sent.html);
    assert.equal(sent.location, '/console/muk/bad-toelz-by?done=vorhaben-submitted');
    const after = await page(sent.location!, 'de');
    assert.match(after.html, /Gemeldet: Vorhaben wurde abgesendet/);
    assert.match(after.html, /<span class="badge">Wartet auf die Bestätigung des Vorhabens<\/span>/);
    assert.deepEqual(buttons(after.html), ['vorhaben-confirmed', 'vorhaben-returned']);
    assert.match(after.html, /VH-2025-0042/);
    assert.equal((await stack.api('GET', '/api/muk/connections/bad-toelz-by')).body.vorhabenReference, 'VH-2025-0042');
    assert.deepEqual((await stack.api('GET', '/api/muk/connections/bad-toelz-by')).body.awaitedEvents, [
      'vorhaben-confirmed',
      'vorhaben-returned',
    ]);

    const unknown = await page('/console/muk/nobody-by', 'de');
    assert.equal(unknown.status, 404);
    assert.match(unknown.html, /<h1>Kein MUK-Anschluss mit dieser Kennung\.<\/h1>/);
    assert.equal((await post('/console/muk/nobody-by/events', { type: 'vorhaben-confirmed' })).status, 404);

    const audited = await auditRows(stack, { action: 'operator-call:POST /console/muk/:connectionId/events' });
    assert.deepEqual(audited.map((row) => row.outcome).sort(), ['303', '404', '409', '422']);
  });

  it('publishes terms from the console and shows the update’s notice progress', async () => {
    await seedOrganizations(stack.db, 3, { prefix: 'terms-org' });
    const invalid = await post(
      '/console/terms',
      { version: 'two words', title: 'Vilkår', url: 'ftp://example.dk', kind: 'update' },
      'da',
    );
    assert.equal(invalid.status, 422);
    assert.match(errorBeside(invalid.html, 'version') ?? '', /Bogstaver, cifre/);
    assert.match(errorBeside(invalid.html, 'url') ?? '', /https:\/\//);

    const published = await post('/console/terms', {
      version: '2026-12',
      title: 'Vilkår for MitID Erhverv 2026',
      url: 'https://example.dk/terms/2026-12',
      kind: 'update',
    });
    assert.equal(published.status, 303, published.html);
    assert.equal(published.location, '/console/terms?done=published');
    const duplicate = await post(
      '/console/terms',
      { version: '2026-12', title: 'Again', url: 'https://example.dk/terms/2026-12', kind: 'update' },
      'da',
    );
    assert.equal(duplicate.status, 409);
    assert.equal(errorBeside(duplicate.html, 'version'), 'Den version er allerede offentliggjort.');

    const pending = await eventually('the update in its notice period', async () => {
      const terms = await stack.api('GET', '/api/terms');
      const update = terms.body.pending.find((version: { version: string }) => version.version === '2026-12');
      return update?.stage === 'notice-period' ? update : undefined;
    });
    assert.equal(pending.notice.organizationsTotal, 3);
    assert.equal(pending.notice.emailsSent, 6, 'the update and its date, to each of the three administrators');
    assert.equal(pending.notice.lastNotice, 'date');
    assert.ok(Date.parse(pending.reminderAt) < Date.parse(pending.effectiveAt));

    const shown = await page('/console/terms?done=published', 'da');
    assert.match(shown.html, /Versionen er offentliggjort\./);
    assert.match(
      shown.html,
      /<th scope="row"><a href="https:\/\/example.dk\/terms\/2026-12">Vilkår for MitID Erhverv 2026<\/a> \(2026-12\)<\/th>/,
    );
    assert.match(shown.html, /<td>I varslingsperioden<\/td><td>3 \/ 3<\/td><td>Ikrafttrædelsesdatoen<\/td><td>6<\/td>/);
    const effective = new Date(pending.effectiveAt).toLocaleString('da-DK', {
      timeZone: 'Europe/Copenhagen',
      dateStyle: 'long',
      timeStyle: 'short',
    });
    assert.ok(shown.html.includes(`<td>${effective}</td>`), `the effective date ${effective} shown`);
  });
});
