// The register check by identity: the approver's keyed CPR hash must be a representative's; a name
// alone (anyone's MitID may carry "Karen Holm") is no authority.
import assert from 'node:assert/strict';
import { fixtureCompanyRegister } from '../../activities/company-register';
import { createConnectionActivities, type ConnectionActivities } from '../../activities/connection';
import { identityDigest, identityDigestKey } from '../../config/identity-digest';
import { openDatabase } from '../../db/open';
import { devPersonFor } from '../../dev/oidc-provider';

describe('company register check', () => {
  const key = identityDigestKey('a-pseudonym-key-for-this-test');
  let checkCompanyRepresentative: ConnectionActivities['checkCompanyRepresentative'];
  before(async () => {
    ({ checkCompanyRepresentative } = createConnectionActivities({
      db: await openDatabase(':memory:'),
      companyRegister: fixtureCompanyRegister('dev/fixtures/company-register.json', key),
    }));
  });
  const digestOf = (email: string) => identityDigest(key, devPersonFor(email).cpr)!;

  it('authorises the representative the register lists, by the identity from their login', async () => {
    assert.deepEqual(
      await checkCompanyRepresentative({ cvr: '12345678', identityDigest: digestOf('karen.holm@nordisk-test.dk') }),
      { authorized: true },
    );
    assert.deepEqual(
      await checkCompanyRepresentative({ cvr: '12345678', identityDigest: digestOf('jens.madsen@nordisk-test.dk') }),
      { authorized: true },
    );
  });

  it('refuses another person, whatever name their login carries, and a login without an identity', async () => {
    const impostor = await checkCompanyRepresentative({
      cvr: '12345678',
      identityDigest: digestOf('karen.holm@impostor.example'),
    });
    assert.equal(impostor.authorized, false);
    assert.match(impostor.reason!, /not a registered management representative/);
    // A representative of another company is not one of this company.
    assert.equal(
      (await checkCompanyRepresentative({ cvr: '12345678', identityDigest: digestOf('mette.lund@fjordhavn-test.dk') }))
        .authorized,
      false,
    );
    assert.match(
      (await checkCompanyRepresentative({ cvr: '12345678', identityDigest: null })).reason!,
      /gave no identity/,
    );
    assert.match(
      (await checkCompanyRepresentative({ cvr: '99999999', identityDigest: digestOf('karen.holm@nordisk-test.dk') }))
        .reason!,
      /not in the company register/,
    );
  });

  it('hashes with the key: the same number under another key is another digest', () => {
    const cpr = devPersonFor('karen.holm@nordisk-test.dk').cpr;
    assert.notEqual(identityDigest(key, cpr), identityDigest(identityDigestKey('another-pseudonym-key-entirely'), cpr));
    assert.equal(identityDigest(key, `${cpr.slice(0, 6)}-${cpr.slice(6)}`), identityDigest(key, cpr));
    assert.equal(identityDigest(key, 'not a cpr'), undefined);
    assert.equal(identityDigest(key, undefined), undefined);
  });

  it('still answers a check scheduled by name before identities were compared', async () => {
    assert.deepEqual(await checkCompanyRepresentative({ cvr: '12345678', name: 'Karen Holm' }), { authorized: true });
    assert.equal((await checkCompanyRepresentative({ cvr: '12345678', name: 'Mallory Example' })).authorized, false);
  });
});
