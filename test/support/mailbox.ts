// Reading the dev mailbox in end-to-end tests: wait for a person's mail, take its action link.
import type { DevMailMessage } from '../../api/dev-mail';
import type { JsonAnswer, OperatorHttp } from './operator-http';
import { eventually } from './wait';

/** The first message to `to` in the dev mailbox matching `match`, once there (the worker sends mail shortly). */
export function waitForMail(
  stack: Pick<OperatorHttp, 'mail'>,
  to: string,
  match: (mail: DevMailMessage) => boolean = () => true,
): Promise<DevMailMessage> {
  let seen: DevMailMessage[] = [];
  return eventually(
    () => `a matching mail to ${to}; got: ${seen.map((m) => m.subject).join(' | ')}`,
    async () => {
      seen = await stack.mail(to);
      return seen.find(match);
    },
  );
}

export function actionLink(mail: DevMailMessage): string {
  const link = mail.links.find((url) => url.includes('/l/'));
  if (!link) throw new Error(`mail "${mail.subject}" has no action link`);
  return link;
}

export async function postJson(
  url: string,
  body: unknown,
  cookie?: string,
): Promise<JsonAnswer & { headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function getJson(url: string, cookie?: string): Promise<JsonAnswer> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
