// The Service Provider's key pairs in `service_provider_keys`, one per municipality and use.
import { and, eq } from 'drizzle-orm';
import type { KeyUse } from '../domain/muk/service-provider';
import type { Db } from './open';
import type { serviceProviderKeys } from './schema';
import { tables } from './tables';

export type ServiceProviderKey = typeof serviceProviderKeys.$inferInsert;

/** The stored certificate for one use; the private key is not read. */
export async function findServiceProviderCertificate(
  db: Db,
  municipalityKey: string,
  use: KeyUse,
): Promise<{ certificatePem: string; notAfter: string } | undefined> {
  const { serviceProviderKeys } = tables(db);
  const [row] = await db
    .select({ certificatePem: serviceProviderKeys.certificatePem, notAfter: serviceProviderKeys.notAfter })
    .from(serviceProviderKeys)
    .where(and(eq(serviceProviderKeys.municipalityKey, municipalityKey), eq(serviceProviderKeys.use, use)))
    .limit(1);
  return row;
}

/** Idempotent: a pair already stored for the municipality and use is kept, the new one is dropped. */
export async function insertServiceProviderKey(db: Db, key: ServiceProviderKey): Promise<void> {
  const { serviceProviderKeys } = tables(db);
  await db.insert(serviceProviderKeys).values(key).onConflictDoNothing();
}
