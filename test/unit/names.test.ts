import assert from 'node:assert/strict';
import { startConnectionBody } from '../../api/connections';
import { startMukConnectionSchema } from '../../domain/muk/municipality';
import { personName } from '../../domain/names';
import { prepareConnectionInput } from '../../domain/step-inputs';
import { checkImportRow } from '../../domain/users';

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

  it('is the rule of every place a name is entered: start requests, step inputs, CSV rows; organisations and municipalities refuse hidden characters too', () => {
    const bad = 'Karen https://evil.example';
    const connection = startConnectionBody.safeParse({
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: bad, email: 'karen@nordisk-test.dk' },
    });
    assert.equal(connection.success, false);
    assert.equal(prepareConnectionInput.safeParse({ administrators: [{ name: bad, email: 'a@nordisk-test.dk' }] }).success, false);
    const muk = startMukConnectionSchema.safeParse({
      municipality: { name: 'Bad Tölz', federalState: 'BY', support: { name: bad, email: 'it@bad-toelz.de' } },
      responsible: { name: 'Anna Huber', email: 'anna@bad-toelz.de' },
      portalLoginUrl: 'https://portal.bad-toelz.de/login',
    });
    assert.equal(muk.success, false);
    const hiddenInOrganization = startConnectionBody.safeParse({
      organization: { name: 'Nordisk\u000e Testfabrik\u202e ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: 'Karen Holm', email: 'karen@nordisk-test.dk' },
    });
    assert.equal(hiddenInOrganization.success, false);
    const hiddenInMunicipality = startMukConnectionSchema.safeParse({
      municipality: { name: 'Bad\u200b Tölz', federalState: 'BY', support: { name: 'Anna Huber', email: 'it@bad-toelz.de' } },
      responsible: { name: 'Anna Huber', email: 'anna@bad-toelz.de' },
      portalLoginUrl: 'https://portal.bad-toelz.de/login',
    });
    assert.equal(hiddenInMunicipality.success, false);
    const domainInCompanyName = startConnectionBody.safeParse({
      organization: { name: 'Boozt.com ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: 'Karen Holm', email: 'karen@nordisk-test.dk' },
    });
    assert.equal(domainInCompanyName.success, true, 'a company may have a domain in its name');
    const row = checkImportRow([bad, 'a@x.dk', 'RID:1', '2023-01-01'], { name: 0, email: 1, nemidUserId: 2, importedAt: 3 }, { orgId: 'dk-x', cvr: null });
    assert.deepEqual(row, { ok: false, error: 'name: a name must not contain a web or e-mail address' });
  });
});
