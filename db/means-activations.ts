// Issued means activations in `means_activations`: a keyed hash of each one-time code, never the code.
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { transaction } from './transaction';
import type { meansActivations } from './schema';
import { tables } from './tables';

export type MeansActivation = typeof meansActivations.$inferSelect;

/**
 * Stores a new activation in place of the user's unused one under the same process, and drops those that
 * expired before `expiredBefore`, in one immediate transaction.
 */
export async function replaceMeansActivation(
  db: Db,
  activation: Omit<MeansActivation, 'usedAt' | 'createdAt'>,
  expiredBefore: string,
): Promise<void> {
  const { meansActivations } = tables(db);
  await transaction(db, async (tx) => {
    await tx
      .delete(meansActivations)
      .where(
        and(
          eq(meansActivations.workflowId, activation.workflowId),
          eq(meansActivations.userId, activation.userId),
          isNull(meansActivations.usedAt),
        ),
      );
    await tx.delete(meansActivations).where(lt(meansActivations.expiresAt, expiredBefore));
    await tx.insert(meansActivations).values(activation);
  });
}

// A person confirming their means with the mailed code runs these.
const statements = preparedFor('meansActivations', (db) => {
  const { meansActivations } = tables(db);
  return {
    find: db
      .select()
      .from(meansActivations)
      .where(eq(meansActivations.codeHash, sql.placeholder('codeHash')))
      .limit(1),
    markUsed: db
      .update(meansActivations)
      .set({ usedAt: sql`${sql.placeholder('at')}` })
      .where(eq(meansActivations.activationId, sql.placeholder('activationId'))),
  };
});

export type MeansActivationUse =
  { ok: true; activation: MeansActivation } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks the activation of `codeHash` used at `at` if it is unused and unexpired: each code confirms once. */
export async function useMeansActivation(db: Db, codeHash: string, at: string): Promise<MeansActivationUse> {
  return transaction(db, async (tx): Promise<MeansActivationUse> => {
    const [row] = await statements(tx).find.execute({ codeHash });
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt <= at) return { ok: false, reason: 'expired' };
    await statements(tx).markUsed.execute({ activationId: row.activationId, at });
    return { ok: true, activation: row };
  });
}
