// Issued means activations in `means_activations`: a keyed hash of each one-time code, never the code.
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from './open';
import { meansActivations } from './schema';

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
  db.transaction(
    (tx) => {
      tx.delete(meansActivations)
        .where(
          and(
            eq(meansActivations.workflowId, activation.workflowId),
            eq(meansActivations.userId, activation.userId),
            isNull(meansActivations.usedAt),
          ),
        )
        .run();
      tx.delete(meansActivations).where(lt(meansActivations.expiresAt, expiredBefore)).run();
      tx.insert(meansActivations).values(activation).run();
    },
    { behavior: 'immediate' },
  );
}

export type MeansActivationUse =
  { ok: true; activation: MeansActivation } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks the activation of `codeHash` used at `at` if it is unused and unexpired: each code confirms once. */
export async function useMeansActivation(db: Db, codeHash: string, at: string): Promise<MeansActivationUse> {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(meansActivations).where(eq(meansActivations.codeHash, codeHash)).get();
      if (!row) return { ok: false, reason: 'unknown' } as const;
      if (row.usedAt) return { ok: false, reason: 'used' } as const;
      if (row.expiresAt <= at) return { ok: false, reason: 'expired' } as const;
      tx.update(meansActivations).set({ usedAt: at }).where(eq(meansActivations.activationId, row.activationId)).run();
      return { ok: true, activation: row } as const;
    },
    { behavior: 'immediate' },
  );
}
