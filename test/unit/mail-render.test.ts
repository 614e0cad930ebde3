import assert from 'node:assert/strict';
import { InvalidEmailRequestError, renderEmail } from '../../activities/mail/render';
import { templates } from '../../activities/mail/templates';
import type { Language } from '../../domain/language';
import { stepTitles } from '../../domain/steps';

const languages: Language[] = ['da', 'de', 'en'];
const actionUrl = 'https://onboarding.example/l/abc?x=1&y=2';

const invitationVars = {
  step: 'approve-connection',
  recipientName: 'Mette Hansen',
  organizationName: 'Bageriet ApS',
  actionUrl,
  expiresAt: '2026-03-01T11:00:00.000Z',
  details: ['CVR 12345678'],
};

describe('e-mail rendering', () => {
  for (const language of languages) {
    it(`writes the step invitation in ${language} with the step title, link, expiry and details`, () => {
      const mail = renderEmail('step-invitation', language, invitationVars);
      const title = stepTitles['approve-connection'][language];
      assert.ok(mail.subject.includes(title) && mail.subject.includes('Bageriet ApS'), mail.subject);
      assert.ok(mail.text.includes('Mette Hansen'));
      assert.ok(mail.text.includes(actionUrl), 'the plain-text part carries the bare link');
      assert.ok(mail.text.includes('- CVR 12345678'));
      assert.match(mail.text, /2026/, 'the expiry date is written out');
      assert.ok(
        mail.html.includes(`href="${actionUrl.replace('&', '&amp;')}"`),
        'the HTML part links the same address',
      );
      assert.ok(mail.html.includes(`lang="${language}"`));
      assert.ok(mail.html.includes('<li>CVR 12345678</li>'));
    });
  }

  it('writes each language in its own words and its own time zone', () => {
    const [da, de, en] = languages.map((language) => renderEmail('step-invitation', language, invitationVars).text);
    assert.match(da!, /Kære Mette Hansen/);
    assert.match(da!, /Linket udløber 1\. marts 2026.*12[.:]00/);
    assert.match(de!, /Guten Tag Mette Hansen/);
    assert.match(de!, /1\. März 2026.*12:00/);
    assert.match(en!, /Dear Mette Hansen/);
    assert.match(en!, /1 March 2026.*11:00.*UTC/);
  });

  it('escapes every interpolated value in the HTML part and leaves the plain text readable', () => {
    const mail = renderEmail('step-invitation', 'en', {
      ...invitationVars,
      recipientName: '<script>alert(1)</script>',
      organizationName: 'Tom & "Jerry" <b>',
      details: ['<img src=x onerror=alert(1)>'],
    });
    assert.ok(!mail.html.includes('<script>'));
    assert.ok(!mail.html.includes('<img'));
    assert.ok(!mail.html.includes('<b>'));
    assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(mail.html.includes('Tom &amp; &quot;Jerry&quot; &lt;b&gt;'));
    assert.ok(mail.text.includes('Dear <script>alert(1)</script>,'));
  });

  it('writes the reminder, the expiry and the end of a process in every language', () => {
    for (const language of languages) {
      const reminder = renderEmail('step-reminder', language, invitationVars);
      assert.ok(reminder.text.includes(actionUrl));
      assert.notEqual(reminder.subject, renderEmail('step-invitation', language, invitationVars).subject);

      const expired = renderEmail('step-expired', language, {
        step: 'approve-connection',
        recipientName: 'Mette',
        organizationName: 'Bageriet ApS',
      });
      assert.ok(expired.text.includes(stepTitles['approve-connection'][language]));
      assert.ok(!expired.text.includes('http'), 'a lapsed step offers no link');

      for (const outcome of ['rejected', 'cancelled', 'expired'] as const) {
        const ended = renderEmail('process-ended', language, {
          recipientName: 'Mette',
          organizationName: 'Bageriet ApS',
          outcome,
          reason: 'CVR <unknown>',
        });
        assert.ok(ended.text.includes('Bageriet ApS') && ended.text.includes('CVR <unknown>'));
        assert.ok(ended.html.includes('CVR &lt;unknown&gt;'));
      }
    }
    const outcomes = ['rejected', 'cancelled', 'expired'].map(
      (outcome) => renderEmail('process-ended', 'en', { recipientName: 'M', organizationName: 'O', outcome }).text,
    );
    assert.equal(new Set(outcomes).size, 3, 'each outcome is told apart');
  });

  it('writes what the system wrote into a case (an expiry, a login line) in the mail’s language, and a person’s reason as written', () => {
    const expired = renderEmail('process-ended', 'da', {
      recipientName: 'Mette',
      organizationName: 'Bageriet ApS',
      outcome: 'expired',
      reason: 'A step was not completed in time',
    }).text;
    assert.match(expired, /Begrundelse: Et trin blev ikke gennemført inden fristen\./);
    assert.doesNotMatch(expired, /not completed/);
    const rejected = renderEmail('process-ended', 'de', {
      recipientName: 'M',
      organizationName: 'O',
      outcome: 'rejected',
      reason: 'Rejected by the management representative',
    }).text;
    assert.match(rejected, /Begründung: Von der vertretungsberechtigten Person abgelehnt\./);
    const own = renderEmail('process-ended', 'da', {
      recipientName: 'M',
      organizationName: 'O',
      outcome: 'rejected',
      reason: 'Forkert CVR-nummer',
    }).text;
    assert.match(own, /Begrundelse: Forkert CVR-nummer/);
    const invitation = renderEmail('step-invitation', 'da', {
      ...invitationVars,
      step: 'activate-user',
      details: ['Login: a separate MitID app'],
    }).text;
    assert.match(invitation, /Login: en særskilt MitID app/);
  });

  it('registers the templates the human-step core needs', () => {
    for (const name of ['step-invitation', 'step-reminder', 'step-expired', 'process-ended'])
      assert.ok(templates.has(name), name);
  });

  it('refuses an unknown template and vars that do not fit, naming the problem', () => {
    assert.throws(() => renderEmail('no-such-template', 'en', {}), InvalidEmailRequestError);
    assert.throws(
      () => renderEmail('step-invitation', 'en', { ...invitationVars, actionUrl: 'javascript:alert(1)' }),
      (error: Error) => {
        assert.ok(error instanceof InvalidEmailRequestError);
        assert.match(error.message, /actionUrl/);
        return true;
      },
    );
    assert.throws(() => renderEmail('step-invitation', 'en', { ...invitationVars, step: 'no-such-step' }), /step/);
    assert.throws(
      () => renderEmail('process-ended', 'en', { recipientName: 'M', organizationName: 'O', outcome: 'lost' }),
      /outcome/,
    );
  });

  describe('connection receipt and review notice', () => {
    const receiptVars = {
      recipientName: 'Sven Svensson',
      organizationName: 'Svensk Test AB',
      organizationId: 'se-foreign-company-svensk-test-ab',
      connectedAt: '2026-03-02T09:30:00.000Z',
      approvedBy: 'Sven Svensson',
      approvedAt: '2026-02-20T14:05:00.000Z',
      administrators: [{ name: 'Ada Admin', email: 'ada@svensk-test.se' }],
      termsVersion: '2023-01',
      termsTitle: 'Terms of MitID Erhverv',
      termsUrl: 'https://www.mitid-erhverv.dk/vilkaar',
      documentation: 'approved-by-case-worker',
    };

    it('gives a receipt worth keeping in every language: organisation and id, approver and time, terms, documentation, administrators', () => {
      const en = renderEmail('connection-receipt', 'en', receiptVars);
      assert.equal(en.subject, 'Receipt: Svensk Test AB is connected to MitID Erhverv');
      assert.match(
        en.text,
        /was connected to MitID Erhverv on 2 March 2026 at 09:30 UTC\. Please keep this e-mail as your receipt\./,
      );
      assert.match(
        en.text,
        /Organisation id: se-foreign-company-svensk-test-ab\nApproved by: Sven Svensson on 20 February 2026 at 14:05 UTC\n/,
      );
      assert.match(
        en.text,
        /Terms: Terms of MitID Erhverv, version 2023-01 \(https:\/\/www\.mitid-erhverv\.dk\/vilkaar\)\nDocumentation: approved by a case worker/,
      );
      assert.match(en.text, /- Ada Admin <ada@svensk-test\.se>/);
      const de = renderEmail('connection-receipt', 'de', {
        ...receiptVars,
        organizationId: undefined,
        cvr: '12345678',
        documentation: 'confirmed-by-company-register',
      });
      assert.match(de.text, /CVR-Nummer: 12345678\nGenehmigt von: Sven Svensson am 20\. Februar 2026 um 15:05 MEZ/);
      assert.match(de.text, /Nachweise: über das dänische Unternehmensregister \(CVR\) bestätigt/);
    });

    it('still renders the receipt of a process that scheduled it before it said all this', () => {
      const old = renderEmail('connection-receipt', 'da', {
        recipientName: 'Karen Holm',
        organizationName: 'Nordisk Testfabrik ApS',
        connectedAt: '2026-03-02T09:30:00.000Z',
        administrators: ['Jens Madsen'],
        termsVersion: '2023-01',
      });
      assert.match(old.text, /Vilkår: version 2023-01\n/);
      assert.match(old.text, /- Jens Madsen/);
    });

    it('tells the representative and registrant that the approval is in and under review, for how long', () => {
      const vars = {
        recipientName: 'Rikke Registrant',
        organizationName: 'Region Test',
        approvedBy: 'Rasmus Direktør',
        approvedAt: '2026-02-20T14:05:00.000Z',
        workingDays: 10,
      };
      const de = renderEmail('connection-under-review', 'de', vars);
      assert.equal(de.subject, 'Genehmigung eingegangen: Region Test – die Nachweise werden geprüft');
      assert.match(de.text, /Das dauert bis zu 10 Arbeitstage\./);
      const en = renderEmail('connection-under-review', 'en', vars);
      assert.match(
        en.text,
        /Rasmus Direktør approved the connection of Region Test to MitID Erhverv on 20 February 2026 at 14:05 UTC\./,
      );
      assert.match(en.text, /This takes up to 10 working days\./);
    });
  });

  describe('MUK connection', () => {
    const waitingVars = {
      ...invitationVars,
      step: 'vorhaben-confirmed',
      recipientName: 'Maria Muster',
      organizationName: 'Bad Tölz',
      details: ['Vorhaben: V-1'],
    };

    it('tells the responsible employee what the process waits for, without asking them to act', () => {
      const invitation = renderEmail('step-invitation', 'de', waitingVars);
      assert.equal(invitation.subject, 'Wir warten auf die Bestätigung des Vorhabens – Bad Tölz');
      assert.match(
        invitation.text,
        /Für Bad Tölz warten wir jetzt auf die Bestätigung des Vorhabens durch das MUK-Serviceportal\./,
      );
      assert.match(invitation.text, /Sie müssen dafür nichts tun\./);
      assert.match(invitation.text, /Liegt die Antwort bis zum 1\. März 2026 .* nicht vor, wird der Vorgang beendet\./);
      assert.doesNotMatch(invitation.text, /werden gebeten|erledigen|Klicken Sie/);
      const reminder = renderEmail('step-reminder', 'de', { ...waitingVars, step: 'service-provider-approved' });
      assert.equal(reminder.subject, 'Zwischenstand: Wir warten auf die Genehmigung des Service Providers – Bad Tölz');
      assert.match(reminder.text, /warten wir weiterhin auf die Genehmigung des Service Providers/);
      assert.doesNotMatch(reminder.text, /wartet noch auf Sie/);
      for (const language of languages)
        assert.ok(renderEmail('step-invitation', language, waitingVars).text.includes(actionUrl));
    });

    it('tells the municipality what was connected and what follows', () => {
      const done = renderEmail('muk-connection-done', 'de', {
        recipientName: 'Bürgerservice Bad Tölz',
        municipalityName: 'Bad Tölz',
        vendorName: 'optiGov',
        portalLoginUrl: 'https://bad-toelz.optigov.de/login',
        entityId: 'https://bad-toelz.optigov.de/saml/muk/metadata',
        mailboxLater: true,
      });
      assert.equal(done.subject, 'Mein Unternehmenskonto ist angebunden – Bad Tölz');
      assert.match(
        done.text,
        /Unternehmen können sich ab sofort mit ihrem Unternehmenskonto am Serviceportal anmelden/,
      );
      assert.match(done.text, /- Serviceportal: https:\/\/bad-toelz\.optigov\.de\/login/);
      assert.match(
        done.text,
        /- Service Provider in der Produktionsumgebung des MUK, Entity-ID: https:\/\/bad-toelz\.optigov\.de\/saml\/muk\/metadata/,
      );
      assert.match(done.text, /Das Postfach 2\.0 soll perspektivisch später angebunden werden/);
    });
  });
});
