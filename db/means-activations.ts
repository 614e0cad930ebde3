// Issued means activations in `means_activations`: a keyed hash of each one-time code, never the code.
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from './open';
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

export type MeansActivationUse =
  { ok: true; activation: MeansActivation } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks the activation of `codeHash` used at `at` if it is unused and unexpired: each code confirms once. */
export async function useMeansActivation(db: Db, codeHash: string, at: string): Promise<MeansActivationUse> {
  const { meansActivations } = tables(db);
  return transaction(db, async (tx): Promise<MeansActivationUse> => {
    const [row] = await tx.select().from(meansActivations).where(eq(meansActivations.codeHash, codeHash)).limit(1);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt <= at) return { ok: false, reason: 'expired' };
    await tx.update(meansActivations).set({ usedAt: at }).where(eq(meansActivations.activationId, row.activationId));
    return { ok: true, activation: row };
  });
}
