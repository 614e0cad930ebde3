// Uploads through mailed links on the real stack: refused before a byte is stored, removed when the process
// refuses them after all, capped per step, and what is left over (also by a crash between keeping an upload
// and attaching it) settled by the Temporal Schedule's sweep. Their bytes are in the database: any API node
// serves them, and those of the former document folder move there at start.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { uploadsDir } from '../../api/document-upload';
import { documentBytes, documentFolder, keepDocument } from '../../db/documents';
import { closeDatabase, openAppDatabase } from '../../db/open';
import { tables } from '../../db/tables';
import { documentSweepScheduleId, ensureDocumentSweepSchedule } from '../../workers/document-sweep-schedule';
import { attachDocumentUpdate, maxDocumentsPerStep, processStatusQuery } from '../../workflows/process.messages';
import { startBareApp } from '../support/bare-app';
import { loginAs } from '../support/login';
import { formerDocumentDataDir } from '../support/migrations';
import { refusedWith } from '../support/process-driver';
import { actionLink, postJson, waitForMail } from '../support/mailbox';
import type { JsonAnswer } from '../support/operator-http';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

const payslip = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));
/** A PDF of its own bytes, so each lands in a file of its own. */
const pdf = (text: string) => Buffer.concat([payslip, Buffer.from(`% ${text}\n`)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(link: string, cookie: string, file: Buffer): Promise<JsonAnswer> {
  const form = new FormData();
  form.append('documentType', 'payslip');
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'lønseddel.pdf');
  const response = await fetch(`${link}/documents`, {
    method: 'POST',
    body: form,
    headers: { cookie, accept: 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

describe('uploaded documents (real dev server)', () => {
  const stack = withStack();

  /** What uploads left: the SHA-256 of each document's stored bytes, and the temp files of uploads on their way. */
  const stored = async () => {
    const uploads = uploadsDir(stack.config.dataDir);
    const { documentContents } = tables(stack.db);
    const contents = await stack.db.select({ bytes: documentContents.bytes }).from(documentContents);
    return [...contents.map(({ bytes }) => sha(bytes)), ...(existsSync(uploads) ? readdirSync(uploads) : [])].sort();
  };
  const rowsOf = async (workflowId: string) => {
    const { documents } = tables(stack.db);
    return await stack.db.select().from(documents).where(eq(documents.workflowId, workflowId));
  };

  /** Runs the sweep now through its Schedule; its result. */
  async function triggerSweep() {
    await ensureDocumentSweepSchedule(stack.client, stack.config);
    const schedule = stack.client.schedule.getHandle(documentSweepScheduleId);
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const run = await eventually(
      'the triggered sweep',
      async () => (await schedule.describe()).info.recentActions[before]?.action,
    );
    return stack.client.workflow.getHandle(run.workflow.workflowId, run.workflow.firstExecutionRunId).result();
  }

  /** A region's connection, waiting for its registrant to upload: their link and session. */
  async function regionConnection(region: string) {
    const registrant = { role: 'registrant', name: 'Birte Bruun', email: `birte.bruun@${region}.dk` };
    const representative = { name: 'Rasmus Rask', email: `rasmus.rask@${region}.dk` };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: `Region ${region}`, kind: 'region', country: 'DK' },
      initiator: registrant,
      representative,
    });
    assert.equal(started.status, 201);
    const link = actionLink(await waitForMail(stack, registrant.email));
    const session = (await loginAs(stack.baseUrl, registrant.email)).cookie;
    return {
      workflowId: started.body.workflowId as string,
      connectionId: started.body.connectionId as string,
      link,
      session,
      representative,
    };
  }

  it('refuses before storing a byte: another person on the step, a step that takes no documents, a finished step', async () => {
    const { workflowId, link, session, representative } = await regionConnection('upload-refusals');
    const accepted = await upload(link, session, pdf('the registrant'));
    assert.equal(accepted.status, 201);
    const kept = await stored();
    assert.deepEqual(kept, [accepted.body.sha256]);

    const someoneElse = (await loginAs(stack.baseUrl, 'mallory.meyer@example.dk')).cookie;
    const wrongPerson = await upload(link, someoneElse, pdf('mallory'));
    assert.equal(wrongPerson.status, 403);
    assert.equal(wrongPerson.body.error.code, 'not_your_step');
    assert.equal(
      wrongPerson.body.error.details.recipientName,
      'Birte Bruun',
      'the same answer the Update gives: to whom the link was sent',
    );
    assert.deepEqual(await stored(), kept, 'nothing stored for another person');

    assert.equal(
      (
        await postJson(
          link,
          { administrators: [{ name: 'Ada Admin', email: 'ada.admin@upload-refusals.dk' }] },
          session,
        )
      ).status,
      200,
    );
    const approveLink = actionLink(await waitForMail(stack, representative.email));
    const representativeSession = (await loginAs(stack.baseUrl, representative.email)).cookie;
    const noDocuments = await upload(approveLink, representativeSession, pdf('the approval link'));
    assert.equal(noDocuments.status, 422);
    assert.equal(noDocuments.body.error.code, 'invalid_step_input');
    assert.deepEqual(noDocuments.body.error.details, { rule: 'step-takes-no-documents' });
    const finished = await upload(link, session, pdf('after the step'));
    assert.equal(finished.status, 409);
    assert.deepEqual(await stored(), kept, 'nothing stored for a step without documents or a finished one');
    assert.deepEqual(
      (await rowsOf(workflowId)).map((row) => row.sha256),
      [accepted.body.sha256],
    );
  });

  it('removes the stored file when the process refuses the upload after all (cancelled while it arrived)', async () => {
    const { workflowId, connectionId, link, session } = await regionConnection('upload-cancelled');
    const before = await stored();
    const boundary = `boundary-${randomUUID()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\npayslip\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const file = pdf('cancelled meanwhile');
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const answer = new Promise<JsonAnswer>((resolve, reject) => {
      const req = request(`${link}/documents`, {
        method: 'POST',
        headers: {
          cookie: session,
          accept: 'application/json',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + file.length + tail.length,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.write(Buffer.concat([head, file.subarray(0, 100)]));
      // The check has passed once the bytes stream to a temp file: now the process moves on, then the upload ends.
      void eventually('the upload reaching its temp file', async () =>
        (await stored()).find((name) => name.startsWith('.upload-')),
      )
        .then(() => stack.api('POST', `/api/connections/${connectionId}/cancel`, { reason: 'withdrawn' }))
        .then((cancelled) => {
          assert.equal(cancelled.status, 200);
          req.end(Buffer.concat([file.subarray(100), tail]));
        }, reject);
    });
    const refused = await answer;
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'step_not_pending');
    assert.deepEqual(await stored(), before, 'neither the file nor its temp file is left');
    assert.deepEqual(await rowsOf(workflowId), []);
  });

  it('confirms an upload from the page in the link’s language, and answers a refused one with a page in it too', async () => {
    const { link, session } = await regionConnection('upload-page');
    const pageUpload = (file: Blob, name: string) => {
      const form = new FormData();
      form.append('documentType', 'payslip');
      form.append('file', file, name);
      return fetch(`${link}/documents`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: { cookie: session, accept: 'text/html', origin: stack.baseUrl },
      });
    };
    const uploaded = await pageUpload(
      new Blob([new Uint8Array(pdf('from the page'))], { type: 'application/pdf' }),
      'lønseddel.pdf',
    );
    assert.equal(uploaded.status, 303);
    const back = new URL(uploaded.headers.get('location')!, link);
    assert.equal(back.search, '?done=uploaded');
    const page = await (await fetch(back, { headers: { cookie: session, accept: 'text/html' } })).text();
    assert.match(page, /<p class="notice" role="status">Dokumentet er modtaget og følger med sagen\./);
    const refused = await pageUpload(new Blob(['just text'], { type: 'text/plain' }), 'note.txt');
    assert.equal(refused.status, 415);
    const refusedPage = await refused.text();
    assert.match(refusedPage, /<html lang="da">/);
    assert.match(refusedPage, /<h1 class="error">Filtypen kan ikke bruges<\/h1>/);
    assert.match(refusedPage, /Tilbage til trinnet/);
  });

  it(`takes at most ${maxDocumentsPerStep} documents per step`, async () => {
    const { workflowId, link, session } = await regionConnection('upload-cap');
    const handle = stack.client.workflow.getHandle(workflowId);
    const [step] = (await handle.query(processStatusQuery)).pendingSteps;
    // The first upload binds the step to the registrant; the rest arrive as the API would attach them.
    const first = await upload(link, session, pdf('the first'));
    assert.equal(first.status, 201);
    const actor = { kind: 'person' as const, subject: (await rowsOf(workflowId))[0]!.uploadedBy!, name: 'Birte Bruun' };
    const attach = (n: number) =>
      handle.executeUpdate(attachDocumentUpdate, {
        args: [
          {
            step: 'prepare-connection',
            linkId: step!.linkId!,
            actor,
            document: {
              documentId: `doc-${n}`,
              sha256: String(n).padStart(64, '0'),
              documentType: 'payslip',
              mediaType: 'application/pdf',
              sizeBytes: 1,
            },
          },
        ],
      });
    for (let n = 2; n <= maxDocumentsPerStep; n++) await attach(n);
    const before = await stored();
    const tooMany = await upload(link, session, pdf('one too many'));
    assert.equal(tooMany.status, 409);
    assert.equal(tooMany.body.error.code, 'too_many_documents');
    assert.deepEqual(await stored(), before, 'nothing stored');
    // The process itself refuses one more.
    await refusedWith(attach(maxDocumentsPerStep + 1), 'tooManyDocuments');
  });

  it('serves a document uploaded through one API node from another: one database, a data folder each', async () => {
    const nodeB = await startBareApp(undefined, {
      config: { ...stack.config, dataDir: mkdtempSync(join(tmpdir(), 'api-node-b-')) },
      db: await openAppDatabase(stack.config),
      temporal: stack.client,
    });
    const nodeA = stack.baseUrl;
    const read = (node: string, connectionId: string, documentId: string) =>
      fetch(`${node}/api/connections/${connectionId}/documents/${documentId}?disposition=inline`, {
        headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` },
      });
    try {
      const { connectionId, link, session } = await regionConnection('two-nodes');
      for (const [through, readFrom] of [
        [nodeB.baseUrl, nodeA],
        [nodeA, nodeB.baseUrl],
      ] as const) {
        const bytes = pdf(`uploaded through ${through}`);
        const uploaded = await upload(link.replace(nodeA, through), session, bytes);
        assert.equal(uploaded.status, 201);
        const served = await read(readFrom, connectionId, uploaded.body.documentId);
        assert.equal(served.status, 200);
        assert.equal(served.headers.get('content-type'), 'application/pdf');
        assert.equal(served.headers.get('content-length'), String(bytes.length));
        assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
        assert.match(served.headers.get('content-disposition') ?? '', /^inline; filename="l.nseddel\.pdf"/);
        assert.match(served.headers.get('content-security-policy') ?? '', /^sandbox; /);
        assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes);
      }
      assert.deepEqual(readdirSync(nodeB.deps.config.dataDir), ['uploads'], 'node B keeps nothing but its temp folder');
      assert.deepEqual(readdirSync(uploadsDir(nodeB.deps.config.dataDir)), [], 'and its temp files are gone');
    } finally {
      await nodeB.close();
      await closeDatabase(nodeB.deps.db);
    }
  });

  it('runs the sweep on its Temporal Schedule: a document its process took stays however old, a recent upload waits', async () => {
    const { workflowId, link, session } = await regionConnection('upload-sweep');
    const kept = await upload(link, session, pdf('kept'));
    assert.equal(kept.status, 201);
    const longAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const { documents } = tables(stack.db);
    await stack.db.update(documents).set({ createdAt: longAgo }).where(eq(documents.documentId, kept.body.documentId));
    const recent = pdf('on its way');
    const onItsWay = { documentId: randomUUID(), sha256: sha(recent), sizeBytes: recent.length };
    await keepDocument(
      stack.db,
      { ...onItsWay, workflowId, step: 'prepare-connection', documentType: 'payslip', mediaType: 'application/pdf' },
      recent,
    );

    await ensureDocumentSweepSchedule(stack.client, stack.config);
    await ensureDocumentSweepSchedule(stack.client, stack.config);
    const schedule = stack.client.schedule.getHandle(documentSweepScheduleId);
    assert.deepEqual(
      (await schedule.describe()).spec.intervals?.map((interval) => interval.every),
      [3_600_000],
      'one schedule, as configured',
    );
    assert.deepEqual(await triggerSweep(), { discarded: 0, attached: 0 });
    assert.deepEqual(await documentBytes(stack.db, kept.body.documentId), pdf('kept'), 'the document taken stays');
    assert.deepEqual(await documentBytes(stack.db, onItsWay.documentId), recent, 'an upload within the grace waits');
  });

  it('settles uploads a crash left between keeping them and attaching them: the process decides', async () => {
    const { workflowId, link, session } = await regionConnection('upload-crash');
    const kept = await upload(link, session, pdf('confirmed normally'));
    assert.equal(kept.status, 201);
    assert.ok((await rowsOf(workflowId))[0]!.attachedAt, 'an upload the process took is marked attached at once');
    const handle = stack.client.workflow.getHandle(workflowId);
    const [step] = (await handle.query(processStatusQuery)).pendingSteps;
    const actor = { kind: 'person' as const, subject: (await rowsOf(workflowId))[0]!.uploadedBy!, name: 'Birte Bruun' };
    const longAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    /** What the route leaves when the API stops right after keeping the upload. */
    const keptOnly = async (text: string) => {
      const bytes = pdf(text);
      const document = {
        documentId: randomUUID(),
        sha256: sha(bytes),
        documentType: 'payslip',
        mediaType: 'application/pdf',
        sizeBytes: bytes.length,
      };
      await keepDocument(
        stack.db,
        { ...document, workflowId, step: 'prepare-connection', uploadedBy: actor.subject, createdAt: longAgo },
        bytes,
      );
      return document;
    };
    const neverAttached = await keptOnly('the API stopped before the Update');
    const attachedUnconfirmed = await keptOnly('the API stopped after the Update');
    await handle.executeUpdate(attachDocumentUpdate, {
      args: [{ step: 'prepare-connection', linkId: step!.linkId!, actor, document: attachedUnconfirmed }],
      updateId: `document-${attachedUnconfirmed.documentId}`,
    });

    assert.deepEqual(await triggerSweep(), { discarded: 1, attached: 1 });
    const rows = await rowsOf(workflowId);
    assert.deepEqual(
      rows.map((row) => row.documentId).sort(),
      [kept.body.documentId, attachedUnconfirmed.documentId].sort(),
      'the upload the process never took is forgotten',
    );
    assert.ok(
      rows.every((row) => row.attachedAt),
      'the one it took is marked attached',
    );
    const left = await stored();
    assert.ok(!left.includes(neverAttached.sha256), 'its bytes are gone');
    assert.equal(await documentBytes(stack.db, neverAttached.documentId), undefined);
    assert.ok(
      left.includes(attachedUnconfirmed.sha256) && left.includes(kept.body.sha256),
      'the bytes of the documents the process holds stay',
    );
    assert.deepEqual(await triggerSweep(), { discarded: 0, attached: 0 }, 'a second run finds nothing to settle');
  });

  describe('an installation whose documents were files in DATA_DIR/documents', () => {
    const former = { documentId: 'doc-former', workflowId: 'connection-dk-region-former', bytes: pdf('a file') };
    // Such an installation keeps its state in SQLite (the files predate PostgreSQL's support), whatever the run's.
    const upgraded = withStack(() => ({
      dataDir: formerDocumentDataDir([former]),
      temporal: stack.temporal,
      env: { DATABASE_URL: '' },
    }));

    it('serves them from the database once started, and the files are gone', async () => {
      const served = await fetch(`${upgraded.baseUrl}/api/connections/dk-region-former/documents/doc-former`, {
        headers: { authorization: `Bearer ${upgraded.config.env.OPERATOR_API_KEY}` },
      });
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'application/pdf');
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), former.bytes);
      assert.deepEqual(await documentBytes(upgraded.db, former.documentId), former.bytes);
      assert.equal(existsSync(documentFolder(upgraded.config.dataDir)), false);
    });
  });
});
