import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import express from 'express';
import { receiveDocumentUpload, sanitizeFileName, type DocumentUploadOptions } from '../../api/document-upload';
import { errorHandler } from '../../api/errors';
import { discardDocument, keepDocument, sweepDocumentFiles } from '../../db/document-files';
import { databaseFile, openDatabase, type Db } from '../../db/open';
import { documents } from '../../db/schema';
import type { JsonAnswer } from '../support/operator-http';
import { freePort } from '../support/ports';
import { eventually } from '../support/wait';

const minimalPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('document upload', () => {
  let server: Server;
  let baseUrl: string;
  let documentsDir: string;
  let db: Db;
  let port: number;
  let timeouts: Pick<DocumentUploadOptions, 'idleTimeoutMs' | 'timeoutMs'> = {};
  /** Every upload the server has started, in order: a test waits for the server's side to end. */
  const received: Array<Promise<unknown>> = [];

  before(async () => {
    documentsDir = join(mkdtempSync(join(tmpdir(), 'upload-')), 'documents');
    db = openDatabase(databaseFile(mkdtempSync(join(tmpdir(), 'upload-db-'))));
    const app = express();
    app.post('/upload', async (req, res) => {
      const upload = receiveDocumentUpload(req, { documentsDir, ...timeouts });
      received.push(upload);
      const { tempPath, ...document } = await upload;
      keepDocument(db, documentsDir, tempPath, {
        ...document,
        documentId: randomUUID(),
        workflowId: 'connection-test',
        step: 'prepare-connection',
      });
      res.status(201).json(document);
    });
    app.use(errorHandler(() => undefined));
    port = await freePort();
    server = await new Promise((resolve) => {
      const s = app.listen(port, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    db.$client.close();
  });
  afterEach(() => {
    timeouts = {};
  });

  async function upload(parts: { file?: { bytes: Buffer; name: string }; documentType?: string }): Promise<JsonAnswer> {
    const form = new FormData();
    if (parts.documentType !== undefined) form.append('documentType', parts.documentType);
    if (parts.file) form.append('file', new Blob([parts.file.bytes], { type: 'application/pdf' }), parts.file.name);
    const response = await fetch(`${baseUrl}/upload`, { method: 'POST', body: form });
    return { status: response.status, body: await response.json() };
  }

  const storedFiles = () => readdirSync(documentsDir).sort();

  it('stores a real PDF under its SHA-256', async () => {
    const { status, body } = await upload({
      file: { bytes: minimalPdf, name: 'fuldmagt.pdf' },
      documentType: 'power-of-attorney',
    });
    const sha256 = createHash('sha256').update(minimalPdf).digest('hex');
    assert.equal(status, 201);
    assert.deepEqual(body, {
      sha256,
      sizeBytes: minimalPdf.length,
      mediaType: 'application/pdf',
      originalName: 'fuldmagt.pdf',
      documentType: 'power-of-attorney',
    });
    assert.deepEqual(readFileSync(join(documentsDir, sha256)), minimalPdf);
    assert.equal(
      (await upload({ file: { bytes: minimalPdf, name: 'again.pdf' }, documentType: 'power-of-attorney' })).status,
      201,
      'the same bytes again are fine',
    );
    assert.deepEqual(storedFiles(), [sha256]);
  });

  it('refuses an executable renamed to .pdf with 415', async () => {
    const before = storedFiles();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4096, 1)]);
    const { status, body } = await upload({
      file: { bytes: exe, name: 'invoice.pdf' },
      documentType: 'power-of-attorney',
    });
    assert.equal(status, 415);
    assert.equal(body.error.code, 'unsupported_media_type');
    assert.deepEqual(storedFiles(), before);
  });

  it('refuses 11 MiB with 413 and leaves no file behind', async () => {
    const before = storedFiles();
    const big = Buffer.concat([minimalPdf, Buffer.alloc(11 * 1024 * 1024 - minimalPdf.length, 0x20)]);
    const { status, body } = await upload({ file: { bytes: big, name: 'big.pdf' }, documentType: 'power-of-attorney' });
    assert.equal(status, 413);
    assert.equal(body.error.code, 'too_large');
    assert.deepEqual(storedFiles(), before);
  });

  it('keeps a file named ../../x.pdf inside the folder, with a sanitised name', async () => {
    const bytes = Buffer.concat([minimalPdf, Buffer.from('% traversal\n')]);
    const { status, body } = await upload({ file: { bytes, name: '../../x.pdf' }, documentType: 'power-of-attorney' });
    assert.equal(status, 201);
    assert.equal(body.originalName, 'x.pdf');
    assert.ok(storedFiles().includes(body.sha256));
    assert.deepEqual(readdirSync(join(documentsDir, '..')), ['documents'], 'nothing written beside the folder');
  });

  it('answers 422 without a file or a document type', async () => {
    const noFile = await upload({ documentType: 'power-of-attorney' });
    assert.equal(noFile.status, 422);
    assert.deepEqual(
      noFile.body.error.details.map((d: { path: string }) => d.path),
      ['file'],
    );
    const before = storedFiles();
    const noType = await upload({ file: { bytes: minimalPdf, name: 'a.pdf' } });
    assert.equal(noType.status, 422);
    assert.deepEqual(
      noType.body.error.details.map((d: { path: string }) => d.path),
      ['documentType'],
    );
    assert.deepEqual(storedFiles(), before, 'the temp file is removed');
  });

  describe('a client that aborts or stalls', () => {
    const boundary = 'x-boundary-x';
    const openHandles = () => readdirSync('/proc/self/fd').length;
    const tempFiles = () => storedFiles().filter((name) => name.startsWith('.upload-'));

    /** Opens a raw upload that promises 1 MiB and sends its first `sent` bytes of the file. */
    function startUpload(sent: Buffer): { socket: Socket; answer: Promise<string> } {
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\npayslip\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      const socket = connect(port, '127.0.0.1');
      socket.write(
        `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
          `Content-Length: ${head.length + 1024 * 1024}\r\n\r\n`,
      );
      socket.write(Buffer.concat([head, sent]));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
      socket.on('error', () => undefined);
      return { socket, answer };
    }

    /** The server has begun writing the upload to a temp file. */
    async function tempFileAppears(): Promise<void> {
      await eventually('the upload to reach a temp file', () => tempFiles().length > 0);
      assert.equal(tempFiles().length, 1, 'the upload reached its temp file');
    }

    async function serverSideEnded(): Promise<unknown> {
      const [outcome] = await Promise.allSettled([received.at(-1)!]);
      return outcome.status === 'rejected' ? outcome.reason : undefined;
    }

    it('removes the temp file and closes its handle when the client disconnects mid-upload', async () => {
      const before = storedFiles();
      const handles = openHandles();
      const { socket, answer } = startUpload(Buffer.concat([minimalPdf, Buffer.alloc(64 * 1024, 0x20)]));
      await tempFileAppears();
      socket.destroy();
      await answer;
      const error = (await serverSideEnded()) as { code?: string };
      assert.equal(error?.code, 'upload_aborted');
      assert.deepEqual(storedFiles(), before, 'no temp file left');
      assert.ok(openHandles() <= handles, `no handle left open (${openHandles()} open, ${handles} before)`);
      const again = await upload({ file: { bytes: minimalPdf, name: 'after.pdf' }, documentType: 'payslip' });
      assert.equal(again.status, 201, 'the server still answers');
    });

    it('answers 408 and closes the connection when the body stalls', async () => {
      timeouts = { idleTimeoutMs: 200 };
      const before = storedFiles();
      const handles = openHandles();
      const { answer } = startUpload(minimalPdf);
      await tempFileAppears();
      const response = await answer;
      assert.match(response, /^HTTP\/1\.1 408 /);
      assert.match(response, /"code":"upload_timeout"/);
      await serverSideEnded();
      assert.deepEqual(storedFiles(), before, 'no temp file left');
      assert.ok(openHandles() <= handles, `no handle left open (${openHandles()} open, ${handles} before)`);
    });

    it('cuts off a client that trickles a byte at a time past the upload deadline', async () => {
      timeouts = { idleTimeoutMs: 60_000, timeoutMs: 500 };
      const before = storedFiles();
      const { socket, answer } = startUpload(minimalPdf);
      const trickle = setInterval(() => socket.write(' '), 20);
      try {
        const response = await answer;
        assert.match(response, /^HTTP\/1\.1 408 /);
      } finally {
        clearInterval(trickle);
      }
      await serverSideEnded();
      assert.deepEqual(storedFiles(), before, 'no temp file left');
    });
  });

  describe('kept files and their rows', () => {
    const pdfLike = (text: string) => Buffer.concat([minimalPdf, Buffer.from(`% ${text}\n`)]);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const hourAgo = new Date(Date.now() - 3_600_000);

    /** A file as uploads leave it, last changed `modified`: kept with a row per document id, or else a temp file. */
    function stored(bytes: Buffer, modified: Date, documentIds: string[] = []): string {
      const temp = () => join(documentsDir, `.upload-${randomUUID()}`);
      const row = {
        workflowId: 'connection-files',
        step: 'prepare-connection',
        documentType: 'payslip',
        sha256: sha(bytes),
        sizeBytes: bytes.length,
        mediaType: 'application/pdf',
      };
      for (const documentId of documentIds) {
        const path = temp();
        writeFileSync(path, bytes);
        keepDocument(db, documentsDir, path, { ...row, documentId });
      }
      const path = documentIds.length > 0 ? join(documentsDir, row.sha256) : temp();
      if (documentIds.length === 0) writeFileSync(path, bytes);
      utimesSync(path, modified, modified);
      return basename(path);
    }

    it('a discarded document takes its file along, unless another step holds the same bytes', () => {
      const shared = pdfLike('shared');
      const name = stored(shared, new Date(), ['doc-a', 'doc-b']);
      discardDocument(db, documentsDir, 'doc-a');
      assert.ok(storedFiles().includes(name), 'doc-b still refers to the bytes');
      discardDocument(db, documentsDir, 'doc-b');
      assert.ok(!storedFiles().includes(name));
      assert.equal(
        db
          .select()
          .from(documents)
          .all()
          .filter((row) => row.sha256 === name).length,
        0,
      );
    });

    it('the sweep removes old files no row refers to and abandoned temp files, and nothing else', () => {
      const referenced = stored(pdfLike('referenced'), hourAgo, ['doc-kept']);
      const orphan = stored(pdfLike('orphan'), hourAgo, ['doc-orphan']);
      db.delete(documents).where(eq(documents.documentId, 'doc-orphan')).run();
      const young = stored(pdfLike('young'), new Date(), ['doc-young']);
      db.delete(documents).where(eq(documents.documentId, 'doc-young')).run();
      const abandoned = stored(pdfLike('abandoned'), hourAgo);
      const live = stored(pdfLike('live'), new Date());
      const removed = sweepDocumentFiles(db, documentsDir, new Date(Date.now() - 60_000));
      assert.deepEqual(removed.sort(), [orphan, abandoned].sort());
      const left = storedFiles();
      for (const name of [referenced, young, live]) assert.ok(left.includes(name), `${name} kept`);
      for (const name of [orphan, abandoned]) assert.ok(!left.includes(name), `${name} removed`);
    });

    it('rows kept before uploads waited for their attach count as attached; new ones wait', () => {
      // A database migrated as it was before the attached_at column, holding one kept document.
      const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
      const source = join(__dirname, '..', '..', 'db', 'migrations');
      cpSync(source, folder, { recursive: true });
      const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
        entries: Array<{ tag: string }>;
      };
      journal.entries = journal.entries.slice(
        0,
        journal.entries.findIndex((entry) => entry.tag.endsWith('_documents_attached_at')),
      );
      writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
      const file = join(mkdtempSync(join(tmpdir(), 'db-')), 'app.sqlite');
      const before = new Database(file);
      migrate(drizzle(before), { migrationsFolder: folder });
      before
        .prepare(
          "INSERT INTO documents (document_id, workflow_id, step, document_type, sha256, size_bytes, media_type) VALUES ('doc-old', 'connection-old', 'prepare-connection', 'payslip', ?, 1, 'application/pdf')",
        )
        .run('a'.repeat(64));
      before.close();

      const migrated = openDatabase(file);
      const [old] = migrated.select().from(documents).all();
      assert.equal(old!.attachedAt, old!.createdAt);
      stored(pdfLike('new'), new Date(), ['doc-new']);
      assert.equal(
        db.select().from(documents).where(eq(documents.documentId, 'doc-new')).get()!.attachedAt,
        null,
        'a new upload waits for its process',
      );
      migrated.$client.close();
    });
  });

  it('sanitises names: path segments, control and bidi characters, length', () => {
    assert.equal(sanitizeFileName('..\\..\\evil\u0000.pdf'), 'evil.pdf');
    assert.equal(sanitizeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(sanitizeFileName('..'), null);
    assert.equal(sanitizeFileName('a'.repeat(500) + '.pdf')!.length, 200);
  });
});
