// The action_links table: one row per mailed link, written idempotently when the link is first mailed,
// marked used once, atomically, when its step is completed.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open';
import { actionLinks } from '../db/schema';
import { recipientHash, signLinkToken } from './tokens';

export type ActionLink = typeof actionLinks.$inferSelect;

export function saveLink(db: Db, link: Omit<ActionLink, 'usedAt' | 'createdAt'>): void {
  db.insert(actionLinks).values(link).onConflictDoNothing().run();
}

export function findLink(db: Db, linkId: string): ActionLink | undefined {
  return db.select().from(actionLinks).where(eq(actionLinks.linkId, linkId)).get();
}

/** True for the one caller that marks the link used; false if it already was. */
export function markLinkUsed(db: Db, linkId: string, at: Date): boolean {
  const result = db
    .update(actionLinks)
    .set({ usedAt: at.toISOString() })
    .where(and(eq(actionLinks.linkId, linkId), isNull(actionLinks.usedAt)))
    .run();
  return result.changes === 1;
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
