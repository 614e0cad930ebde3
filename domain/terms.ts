// The rules of terms versions, shared by the API, the activities and the terms-update workflow.
// Plain code without I/O: the workflow imports it.

export type TermsKind = 'update' | 'addition';

/** Organisations notified per activity call: small enough to heartbeat often, large enough to keep history short. */
export const termsNoticePageSize = 200;

export const termsVersionPattern = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * `months` calendar months after `from`, in UTC; a day the target month lacks becomes its last day
 * (30 November + 3 months = 28 or 29 February), so the notice is never shortened.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  const day = from.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/**
 * An update applies `noticeMonths` after its notice reached every organisation, and never before a
 * version published earlier applies: pending updates take effect in the order they were published.
 */
export function termsEffectiveAt(notifiedAllAt: string, noticeMonths: number, earlierEffectiveAts: string[]): string {
  const own = addCalendarMonths(new Date(notifiedAllAt), noticeMonths).toISOString();
  return [own, ...earlierEffectiveAts].reduce((latest, at) => (at > latest ? at : latest));
}
