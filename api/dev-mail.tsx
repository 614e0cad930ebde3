// Dev only: the mail the dev SMTP server caught, as JSON for tests and scripts and as a page for people.
import express from 'express';
import type { AppConfig } from '../config/env';
import { listMail, mailDir, type StoredMail } from '../dev/mail-store';
import { parseOr422 } from './errors';
import { h } from './pages/jsx';
import { renderPage } from './pages/layout';
import { mailQuery } from './schemas';

/** One message as GET /dev/mail.json answers it (see the contract's "Dev mail"). */
export interface DevMailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  links: string[];
  receivedAt: string;
}

/** The page stays quick to load however much a benchmark has sent. */
const pageLimit = 200;

function forRecipient(mail: StoredMail, to: string | undefined): DevMailMessage {
  return {
    id: mail.id,
    to: to && mail.to.includes(to) ? to : (mail.to[0] ?? ''),
    subject: mail.subject,
    text: mail.text,
    links: mail.links,
    receivedAt: mail.receivedAt,
  };
}

function mailPage(mails: DevMailMessage[], to: string | undefined): string {
  const heading = to ? `Dev mail to ${to}` : 'Dev mail';
  const count =
    mails.length === 0
      ? 'No messages yet.'
      : `${mails.length} message(s), newest first${mails.length === pageLimit ? ` (the newest ${pageLimit} are shown)` : ''}.`;
  return renderPage({
    language: 'en',
    title: heading,
    children: [
      <h1>{heading}</h1>,
      <form method="get" action="mail">
        <label for="to">Recipient</label>
        <input id="to" type="text" name="to" value={to ?? ''} />
        <button type="submit">Show</button>
      </form>,
      <p class="muted">{count}</p>,
      mails.map((mail) => (
        <section class="card">
          <h2>{mail.subject}</h2>
          <dl>
            <dt>to</dt>
            <dd>{mail.to}</dd>
            <dt>received</dt>
            <dd>{mail.receivedAt}</dd>
          </dl>
          {mail.links.length ? (
            <ul>
              {mail.links.map((link) => (
                <li>
                  <a href={link}>{link}</a>
                </li>
              ))}
            </ul>
          ) : null}
          <pre class="mail-text">{mail.text}</pre>
        </section>
      )),
    ],
  });
}

export function devMailRouter(config: AppConfig): express.Router {
  const dir = mailDir(config.dataDir);
  const router = express.Router();

  router.get('/mail.json', async (req, res) => {
    const { to } = parseOr422(mailQuery, req.query, 'query');
    const mails = await listMail(dir, { to });
    res.json(mails.map((mail) => forRecipient(mail, to)));
  });

  router.get('/mail', async (req, res) => {
    const { to } = parseOr422(mailQuery, req.query, 'query');
    const mails = await listMail(dir, { to, limit: pageLimit });
    res.type('html').send(
      mailPage(
        mails.map((mail) => forRecipient(mail, to)),
        to,
      ),
    );
  });

  return router;
}
