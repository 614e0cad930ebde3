// The Service Provider's key pairs, generated once per municipality and kept in `service_provider_keys`.
// Only certificates leave this module: private keys stay in the table and never reach a workflow.
import type { Db } from '../../db/open';
import { findServiceProviderCertificate, insertServiceProviderKey } from '../../db/service-provider-keys';
import type {
  KeyUse,
  ServiceProviderCertificate,
  ServiceProviderCertificates,
} from '../../domain/muk/service-provider';
import { generateSelfSignedKeyPair, sha256Fingerprint, type CertificateSubject } from './certificate';

const uses: KeyUse[] = ['signing', 'encryption'];

async function storedCertificate(
  db: Db,
  municipalityKey: string,
  use: KeyUse,
): Promise<ServiceProviderCertificate | undefined> {
  const row = await findServiceProviderCertificate(db, municipalityKey, use);
  return (
    row && {
      use,
      certificatePem: row.certificatePem,
      notAfter: row.notAfter,
      sha256Fingerprint: sha256Fingerprint(row.certificatePem),
    }
  );
}

/**
 * Idempotent: a retry, a second connection of the same municipality, or two workers racing all end with
 * the one stored pair per use (the insert of a loser is ignored and the winner's row is read back).
 */
export async function ensureServiceProviderKeys(
  db: Db,
  municipalityKey: string,
  subject: CertificateSubject,
  now: Date,
): Promise<ServiceProviderCertificates> {
  const certificates = {} as ServiceProviderCertificates;
  for (const use of uses) {
    if (!(await storedCertificate(db, municipalityKey, use))) {
      const generated = generateSelfSignedKeyPair(use, subject, now);
      await insertServiceProviderKey(db, { municipalityKey, use, ...generated });
    }
    certificates[use] = (await storedCertificate(db, municipalityKey, use))!;
  }
  return certificates;
}
