import assert from 'node:assert/strict';
import { startMukConnectionSchema } from '../../domain/muk/municipality';
import { personName } from '../../domain/names';
import { prepareConnectionInput } from '../../domain/step-inputs';
import { checkImportRow } from '../../domain/users';
import { startConnectionBody } from '../../api/schemas';

const realNames = [
  'Karen Holm',
  'Søren Kierkegaard Ærø-Østergaard',
  "Dorte O'Neil",
  'Clausen, Carl',
  'J.R.R. Tolkien',
  'Carl v. Ossietzky',
  'Hans-Jürgen Müller-Lüdenscheidt',
  'Dr. Grete Weiß',
  'User 42',
  'Ľubomír Štefánik',
];
const phishingNames = [
  'Karen https://evil.example/login',
  'Karen http:/evil.example',
  'Karen (bank.dk/verify)',
  'www.evil.example',
  'Karen evil.example',
  'Log ind på NEMID.DK',
  'Karen mailto:x',
  'Karen 192.168.1.10',
  'Karen\nKlik her',
  'Karen\u0007',
  'Karen\u202Emoc.live',
  'Ka\u200Bren',
  'Karen\u2028Klik her',
];

describe('person names', () => {
  it('accepts real Danish and German names', () => {
    for (const name of realNames) assert.equal(personName.safeParse(name).success, true, name);
  });

  it('refuses web addresses and control or invisible characters', () => {
    for (const name of phishingNames) assert.equal(personName.safeParse(name).success, false, JSON.stringify(name));
  });

  // Start requests with every name valid, but for the one a test puts in.
  const connectionStart = (organizationName: string, initiatorName: string) =>
    startConnectionBody.safeParse({
      organization: { name: organizationName, kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: initiatorName, email: 'karen@nordisk-test.dk' },
    }).success;
  const mukStart = (municipalityName: string, supportName: string) =>
    startMukConnectionSchema.safeParse({
      municipality: {
        name: municipalityName,
        federalState: 'BY',
        support: { name: supportName, email: 'it@bad-toelz.de' },
      },
      responsible: { name: 'Anna Huber', email: 'anna@bad-toelz.de' },
      portalLoginUrl: 'https://portal.bad-toelz.de/login',
    }).success;

  it('is the rule of every place a name is entered: start requests, step inputs, CSV rows; organisations and municipalities refuse hidden characters too', () => {
    const bad = 'Karen https://evil.example';
    assert.equal(connectionStart('Nordisk Testfabrik ApS', 'Karen Holm'), true);
    assert.equal(connectionStart('Nordisk Testfabrik ApS', bad), false);
    assert.equal(
      prepareConnectionInput.safeParse({ administrators: [{ name: bad, email: 'a@nordisk-test.dk' }] }).success,
      false,
    );
    assert.equal(mukStart('Bad Tölz', 'Anna Huber'), true);
    assert.equal(mukStart('Bad Tölz', bad), false);
    assert.equal(connectionStart('Nordisk\u000e Testfabrik\u202e ApS', 'Karen Holm'), false);
    assert.equal(mukStart('Bad\u200b Tölz', 'Anna Huber'), false);
    assert.equal(connectionStart('Boozt.com ApS', 'Karen Holm'), true, 'a company may have a domain in its name');
    const row = checkImportRow(
      [bad, 'a@x.dk', 'RID:1', '2023-01-01'],
      { name: 0, email: 1, nemidUserId: 2, importedAt: 3 },
      { orgId: 'dk-x', cvr: null },
    );
    assert.deepEqual(row, { ok: false, error: 'name: a name must not contain a web or e-mail address' });
  });
});
