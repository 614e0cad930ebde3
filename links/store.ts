// The action_links table: one row per mailed link, written idempotently when the link is first mailed,
// marked used once, atomically, when its step is completed. A link the API answered as a person's next step
// is written by the API first, and gets its acceptance when its process mails it.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { placeholders, preparedFor } from '../db/prepared';
import type { actionLinks } from '../db/schema';
import { tables } from '../db/tables';
import { recipientHash, signLinkToken } from './tokens';

export type ActionLink = typeof actionLinks.$inferSelect;

// Every click runs these.
const statements = preparedFor('links', (db) => {
  const { actionLinks } = tables(db);
  return {
    save: db
      .insert(actionLinks)
      .values(
        placeholders(
          'linkId',
          'workflowId',
          'step',
          'stepKey',
          'recipientEmail',
          'language',
          'expiresAt',
          'acceptance',
        ),
      )
      .onConflictDoUpdate({
        target: actionLinks.linkId,
        set: { acceptance: sql`excluded.acceptance` },
        setWhere: isNull(actionLinks.acceptance),
      }),
    find: db
      .select()
      .from(actionLinks)
      .where(eq(actionLinks.linkId, sql.placeholder('linkId'))),
    markUsed: db
      .update(actionLinks)
      .set({ usedAt: sql`${sql.placeholder('usedAt')}` })
      .where(and(eq(actionLinks.linkId, sql.placeholder('linkId')), isNull(actionLinks.usedAt)))
      .returning({ linkId: actionLinks.linkId }),
  };
});

/** Saves the link once; a later save adds the acceptance (domain/link-acceptance.ts, JSON) if it had none. */
export async function saveLink(
  db: Db,
  link: Omit<ActionLink, 'usedAt' | 'createdAt' | 'closedAt' | 'acceptance'> & { acceptance?: string | null },
): Promise<void> {
  await statements(db).save.execute({ ...link, acceptance: link.acceptance ?? null });
}

export async function findLink(db: Db, linkId: string): Promise<ActionLink | undefined> {
  return (await statements(db).find.execute({ linkId }))[0];
}

/** True for the one caller that marks the link used; false if it already was. */
export async function markLinkUsed(db: Db, linkId: string, at: Date): Promise<boolean> {
  return (await statements(db).markUsed.execute({ linkId, usedAt: at.toISOString() })).length === 1;
}

/** Whether a newer link of the same step is open: the process re-sent the step, and `link` was closed for it. */
export async function openSuccessorOf(db: Db, link: ActionLink): Promise<boolean> {
  const { actionLinks } = tables(db);
  const found = await db
    .select({ linkId: actionLinks.linkId })
    .from(actionLinks)
    .where(
      and(
        eq(actionLinks.workflowId, link.workflowId),
        eq(actionLinks.step, link.step),
        link.stepKey === null ? isNull(actionLinks.stepKey) : eq(actionLinks.stepKey, link.stepKey),
        ne(actionLinks.linkId, link.linkId),
        isNull(actionLinks.closedAt),
        isNull(actionLinks.usedAt),
      ),
    )
    .limit(1);
  return found.length > 0;
}

/** What a link's token is made of: the stored row, or the values just saved. */
export type LinkClaims = Pick<ActionLink, 'linkId' | 'workflowId' | 'step' | 'recipientEmail' | 'expiresAt'>;

export function tokenForLink(signingKey: string, link: LinkClaims): string {
  return signLinkToken(signingKey, {
    id: link.linkId,
    purpose: 'step',
    workflowId: link.workflowId,
    step: link.step,
    recipient: recipientHash(signingKey, link.recipientEmail),
    exp: Math.floor(Date.parse(link.expiresAt) / 1000),
  });
}

export function linkUrl(publicBaseUrl: string, signingKey: string, link: LinkClaims): string {
  return `${publicBaseUrl}/l/${tokenForLink(signingKey, link)}`;
}
