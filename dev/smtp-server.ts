// The dev SMTP server `npm start` and the tests run when no SMTP_URL is set: loopback only, no TLS, no
// login; every accepted message lands in the dev mailbox that /dev/mail shows.
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { openMailbox, type Mailbox } from './mailbox';

export interface DevSmtpServerOptions {
  port: number;
  host?: string;
  /** Where messages are kept: DATA_DIR/mail. */
  dir: string;
  /** Tests: recipients matching this are refused with a permanent 550, as an unknown mailbox would be. */
  rejectRecipients?: RegExp;
  /** Tests: told of every message accepted, before the mailbox keeps it once per Message-ID (SMTP's raw count). */
  onReceived?: (message: { messageId?: string; recipients: string[] }) => void;
}

export interface DevSmtpServer {
  port: number;
  stop(): Promise<void>;
}

/** How long a client's idle pooled connection may hold up shutdown before it is cut. */
const closeTimeoutMs = 1000;
const maxMessageBytes = 10 * 1024 * 1024;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function receive(mailbox: Mailbox, raw: Buffer, recipients: string[]): Promise<string | undefined> {
  const parsed = await simpleParser(raw);
  await mailbox.deliver({
    raw,
    recipients,
    messageId: parsed.messageId,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html || undefined,
  });
  return parsed.messageId;
}

export async function startDevSmtpServer({
  port,
  host = '127.0.0.1',
  dir,
  rejectRecipients,
  onReceived,
}: DevSmtpServerOptions): Promise<DevSmtpServer> {
  const mailbox = await openMailbox(dir);
  const server = new SMTPServer({
    name: 'dev-smtp.localhost',
    banner: 'onboarding dev mail',
    logger: false,
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    size: maxMessageBytes,
    rejectOversized: true,
    closeTimeout: closeTimeoutMs,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'dev' });
    },
    onRcptTo(address, _session, callback) {
      if (rejectRecipients?.test(address.address))
        callback(smtpError(`Mailbox ${address.address} does not exist`, 550));
      else callback();
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
      readAll(stream)
        .then((raw) => receive(mailbox, raw, recipients))
        .then(
          (messageId) => {
            onReceived?.({ messageId, recipients });
            callback();
          },
          // Nothing was kept: a 4xx tells the sender to try again later.
          (error: unknown) =>
            callback(smtpError(`Message not stored: ${error instanceof Error ? error.message : String(error)}`, 451)),
        );
    },
  });
  let listening = false;
  await new Promise<void>((resolve, reject) => {
    // Before listening an error is a taken port; afterwards only a client dropping its connection, no concern here.
    server.on('error', (error) => {
      if (!listening) reject(error);
    });
    server.listen(port, host, () => {
      listening = true;
      resolve();
    });
  });
  const address = server.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let stopped: Promise<void> | undefined;
  return {
    port: boundPort,
    stop() {
      stopped ??= new Promise((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
