import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSelfSignedKeyPair, sha256Fingerprint } from '../../activities/muk/certificate';
import { checkIntegration } from '../../activities/muk/integration-check';
import { ensureServiceProviderKeys } from '../../activities/muk/keys';
import { openDatabase, type Db } from '../../db/open';
import { serviceProviderKeys } from '../../db/schema';
import { buildVorhabenApplication } from '../../domain/muk/application';
import { serviceProviderMetadataXml } from '../../domain/muk/metadata-xml';
import { startMukConnectionSchema } from '../../domain/muk/municipality';
import {
  planServiceProvider,
  serviceProviderFormValues,
  type ServiceProviderCertificates,
} from '../../domain/muk/service-provider';
import { defaultVendorProfile } from '../../domain/muk/vendor';
import { seedRequest } from '../support/muk';
import { validateSamlMetadata } from '../support/saml-schema';

describe('MUK Service Provider: keys, metadata, form values', () => {
  let db: Db;
  const request = startMukConnectionSchema.parse({
    ...seedRequest,
    municipality: { ...seedRequest.municipality, name: 'Bad Tölz & "Isarwinkel" <Süd>' },
  });
  const plan = planServiceProvider(
    request.municipality,
    request.portalLoginUrl,
    buildVorhabenApplication(request, defaultVendorProfile),
    defaultVendorProfile,
  );
  const subject = { commonName: 'bad-toelz.optigov.de', organisation: request.municipality.name };
  let certificates: ServiceProviderCertificates;
  let xml: string;

  before(async () => {
    db = await openDatabase(':memory:');
    certificates = await ensureServiceProviderKeys(db, 'bad-toelz-by', subject, new Date());
    xml = serviceProviderMetadataXml(plan, certificates);
  });
  after(() => db.$client.close());

  it('is valid against the OASIS SAML 2.0 metadata schema', async () => {
    const result = await validateSamlMetadata(xml);
    assert.deepEqual(result.errors, []);
    assert.equal(result.valid, true);
  });

  it('is caught by the schema when broken (the validation really validates)', async () => {
    const broken = xml.replace('<md:NameIDFormat>', '<md:Unknown/><md:NameIDFormat>');
    assert.equal((await validateSamlMetadata(broken)).valid, false);
  });

  it('describes the production Service Provider from the municipality data', () => {
    assert.match(xml, /entityID="https:\/\/bad-toelz\.optigov\.de\/saml\/muk\/metadata"/);
    assert.match(
      xml,
      /<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-POST" Location="https:\/\/bad-toelz\.optigov\.de\/saml\/muk\/acs"/,
    );
    assert.match(
      xml,
      /<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-Redirect" Location="https:\/\/bad-toelz\.optigov\.de\/saml\/muk\/slo"/,
    );
    assert.match(xml, /<md:KeyDescriptor use="signing">/);
    assert.match(xml, /<md:KeyDescriptor use="encryption">/);
    assert.match(
      xml,
      /<md:OrganizationName xml:lang="de">Bad Tölz &amp; &quot;Isarwinkel&quot; &lt;Süd&gt;<\/md:OrganizationName>/,
    );
    assert.match(xml, /<md:EmailAddress>mailto:support@bad-toelz\.de<\/md:EmailAddress>/);
    assert.match(xml, /<md:TelephoneNumber>\+49 8041 505-0<\/md:TelephoneNumber>/);
  });

  it('gives the portal form its values, certificates as bare base64', () => {
    const form = serviceProviderFormValues(plan, certificates);
    assert.equal(form.Umgebung, 'Produktion');
    assert.equal(form['Entity-ID'], plan.entityId);
    assert.equal(form.Datenkranz, 'OZG-Datenkranz');
    assert.equal(form.Kontotyp, 'Echte Konten');
    for (const label of ['Signaturzertifikat', 'Verschlüsselungszertifikat']) {
      assert.match(form[label]!, /^[A-Za-z0-9+/]+=*$/, `${label} is bare base64`);
      // The PEM armour, not the letters: random base64 spells "END" now and then.
      assert.doesNotMatch(form[label]!, /-----(BEGIN|END) CERTIFICATE-----/);
    }
    assert.notEqual(form.Signaturzertifikat, form.Verschlüsselungszertifikat);
  });

  it('generates the key pairs once per municipality and never hands out a private key', async () => {
    const again = await ensureServiceProviderKeys(db, 'bad-toelz-by', subject, new Date());
    assert.deepEqual(again, certificates);
    assert.equal((await db.select().from(serviceProviderKeys)).length, 2);
    for (const text of [
      JSON.stringify(certificates),
      xml,
      JSON.stringify(serviceProviderFormValues(plan, certificates)),
    ]) {
      assert.doesNotMatch(text, /PRIVATE KEY/);
    }
    const stored = await db.select().from(serviceProviderKeys);
    assert.ok(stored.every((row) => row.privateKeyPem.includes('PRIVATE KEY')));
    assert.equal(certificates.signing.sha256Fingerprint, sha256Fingerprint(certificates.signing.certificatePem));
  });
});

describe('MUK automated integration check', () => {
  const request = startMukConnectionSchema.parse(seedRequest);
  const application = buildVorhabenApplication(request, defaultVendorProfile);
  let server: Server;
  let base: string;
  let certificates: ServiceProviderCertificates;
  let servedXml = '';

  before(async () => {
    const now = new Date();
    const subject = { commonName: 'localhost', organisation: 'Bad Tölz' };
    const pair = (use: 'signing' | 'encryption') => {
      const generated = generateSelfSignedKeyPair(use, subject, now);
      return {
        use,
        certificatePem: generated.certificatePem,
        notAfter: generated.notAfter,
        sha256Fingerprint: sha256Fingerprint(generated.certificatePem),
      };
    };
    certificates = { signing: pair('signing'), encryption: pair('encryption') };
    server = createServer((req, res) => {
      if (req.url === '/metadata.xml' && req.headers.authorization === 'Bearer key') res.end(servedXml);
      else if (req.url === '/login') res.end('login');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  function run(loginPath: string, now = new Date()) {
    const plan = planServiceProvider(request.municipality, `${base}${loginPath}`, application, defaultVendorProfile);
    servedXml = serviceProviderMetadataXml(plan, certificates);
    return checkIntegration(
      { metadataUrl: `${base}/metadata.xml`, portalLoginUrl: `${base}${loginPath}`, plan, certificates },
      'key',
      now,
    );
  }

  it('passes when the metadata is served as generated, certificates last and the login answers', async () => {
    const result = await run('/login');
    assert.deepEqual(
      result.checks.map((c) => [c.name, c.ok]),
      [
        ['metadata-served', true],
        ['certificates-valid', true],
        ['login-reachable', true],
      ],
    );
    assert.equal(result.passed, true);
  });

  it('fails on certificates expiring within 30 days and on an unreachable login', async () => {
    const inThreeYears = new Date(Date.now() + (3 * 365 - 10) * 86_400_000);
    const result = await run('/missing', inThreeYears);
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.checks.filter((c) => !c.ok).map((c) => c.name),
      ['certificates-valid', 'login-reachable'],
    );
  });
});
