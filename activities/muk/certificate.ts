// A key pair and a self-signed X.509 certificate for one use (signing or encryption) of a Service
// Provider. Node's crypto makes the RSA key (native, fast); node-forge builds and signs the certificate.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { KeyUse } from '../../domain/muk/service-provider';

/** SAML metadata certificates are trusted by pinning, not by chain; a few years keeps renewals rare. */
const validityYears = 3;

export interface GeneratedKeyPair {
  privateKeyPem: string;
  certificatePem: string;
  notAfter: string;
}

export interface CertificateSubject {
  commonName: string;
  organisation: string;
}

export function generateSelfSignedKeyPair(use: KeyUse, subject: CertificateSubject, now: Date): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: the top bit cleared so DER does not read it as negative.
  certificate.serialNumber = '0' + randomBytes(16).toString('hex');
  // Certificates keep whole seconds; the record must say exactly what the certificate says.
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime());
  notAfter.setUTCFullYear(notBefore.getUTCFullYear() + validityYears);
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
  // UTF8String, so municipality names with umlauts read correctly (forge takes the ASN.1 type here,
  // although its typings name the field a class).
  const utf8 = (shortName: string, value: string): forge.pki.CertificateField => ({
    shortName,
    value,
    valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  });
  const attributes: forge.pki.CertificateField[] = [
    utf8('CN', subject.commonName),
    utf8('O', subject.organisation),
    { shortName: 'C', value: 'DE' },
  ];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    use === 'signing'
      ? { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true }
      : { name: 'keyUsage', critical: true, keyEncipherment: true, dataEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return {
    privateKeyPem: privateKey,
    certificatePem: forge.pki.certificateToPem(certificate),
    notAfter: notAfter.toISOString(),
  };
}

export function sha256Fingerprint(certificatePem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certificatePem))).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** The certificate's own notAfter, read from the certificate rather than trusted from a record. */
export function certificateNotAfter(certificatePem: string): Date {
  return forge.pki.certificateFromPem(certificatePem).validity.notAfter;
}
