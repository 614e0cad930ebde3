import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import express from 'express';
import {
  receiveDocumentUpload,
  removeAbandonedUploads,
  sanitizeFileName,
  type DocumentUploadOptions,
} from '../../api/document-upload';
import { errorHandler } from '../../api/errors';
import { discardDocument, documentBytes, keepDocument } from '../../db/documents';
import { databaseFile, openDatabase, type Db } from '../../db/open';
import { documentContents, documents } from '../../db/schema';
import { databaseBefore } from '../support/migrations';
import type { JsonAnswer } from '../support/operator-http';
import { freePort } from '../support/ports';
import { eventually } from '../support/wait';

const minimalPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('document upload', () => {
  let server: Server;
  let baseUrl: string;
  let tempDir: string;
  let db: Db;
  let port: number;
  let timeouts: Pick<DocumentUploadOptions, 'idleTimeoutMs' | 'timeoutMs'> = {};
  /** Every upload the server has started, in order: a test waits for the server's side to end. */
  const received: Array<Promise<unknown>> = [];

  before(async () => {
    tempDir = join(mkdtempSync(join(tmpdir(), 'upload-')), 'uploads');
    db = await openDatabase(databaseFile(mkdtempSync(join(tmpdir(), 'upload-db-'))));
    const app = express();
    app.post('/upload', async (req, res) => {
      const upload = receiveDocumentUpload(req, { tempDir, ...timeouts });
      received.push(upload);
      const { bytes, ...document } = await upload;
      const documentId = randomUUID();
      await keepDocument(
        db,
        { ...document, documentId, workflowId: 'connection-test', step: 'prepare-connection' },
        bytes,
      );
      res.status(201).json({ ...document, documentId });
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

  const tempFiles = () => readdirSync(tempDir).sort();
  /** Every document's sha256 with the sha256 of its stored bytes, and the temp files: what uploads left. */
  const stored = async () => ({
    documents: (
      await db
        .select({ sha256: documents.sha256, bytes: documentContents.bytes })
        .from(documents)
        .leftJoin(documentContents, eq(documentContents.documentId, documents.documentId))
    )
      .map((row) => `${row.sha256} ${row.bytes ? sha(row.bytes) : 'no bytes'}`)
      .sort(),
    tempFiles: tempFiles(),
  });

  it('stores a real PDF with its SHA-256, its bytes in the database', async () => {
    const { status, body } = await upload({
      file: { bytes: minimalPdf, name: 'fuldmagt.pdf' },
      documentType: 'power-of-attorney',
    });
    const sha256 = sha(minimalPdf);
    assert.equal(status, 201);
    const { documentId, ...facts } = body;
    assert.deepEqual(facts, {
      sha256,
      sizeBytes: minimalPdf.length,
      mediaType: 'application/pdf',
      originalName: 'fuldmagt.pdf',
      documentType: 'power-of-attorney',
    });
    assert.deepEqual(await documentBytes(db, documentId), minimalPdf);
    const again = await upload({ file: { bytes: minimalPdf, name: 'again.pdf' }, documentType: 'power-of-attorney' });
    assert.equal(again.status, 201, 'the same bytes again are fine');
    assert.deepEqual(await documentBytes(db, again.body.documentId), minimalPdf, 'each document holds its bytes');
    assert.deepEqual(await stored(), { documents: [`${sha256} ${sha256}`, `${sha256} ${sha256}`], tempFiles: [] });
  });

  it('refuses an executable renamed to .pdf with 415', async () => {
    const before = await stored();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4096, 1)]);
    const { status, body } = await upload({
      file: { bytes: exe, name: 'invoice.pdf' },
      documentType: 'power-of-attorney',
    });
    assert.equal(status, 415);
    assert.equal(body.error.code, 'unsupported_media_type');
    assert.deepEqual(await stored(), before);
  });

  it('refuses 11 MiB with 413 and leaves no file behind', async () => {
    const before = await stored();
    const big = Buffer.concat([minimalPdf, Buffer.alloc(11 * 1024 * 1024 - minimalPdf.length, 0x20)]);
    const { status, body } = await upload({ file: { bytes: big, name: 'big.pdf' }, documentType: 'power-of-attorney' });
    assert.equal(status, 413);
    assert.equal(body.error.code, 'too_large');
    assert.deepEqual(await stored(), before);
  });

  it('keeps a file named ../../x.pdf with a sanitised name, writing only inside the uploads folder', async () => {
    const bytes = Buffer.concat([minimalPdf, Buffer.from('% traversal\n')]);
    const { status, body } = await upload({ file: { bytes, name: '../../x.pdf' }, documentType: 'power-of-attorney' });
    assert.equal(status, 201);
    assert.equal(body.originalName, 'x.pdf');
    assert.deepEqual(await documentBytes(db, body.documentId), bytes);
    assert.deepEqual(tempFiles(), [], 'its temp file is gone');
    assert.deepEqual(readdirSync(join(tempDir, '..')), ['uploads'], 'nothing written beside the folder');
  });

  it('answers 422 without a file or a document type', async () => {
    const noFile = await upload({ documentType: 'power-of-attorney' });
    assert.equal(noFile.status, 422);
    assert.deepEqual(
      noFile.body.error.details.map((d: { path: string }) => d.path),
      ['file'],
    );
    const before = await stored();
    const noType = await upload({ file: { bytes: minimalPdf, name: 'a.pdf' } });
    assert.equal(noType.status, 422);
    assert.deepEqual(
      noType.body.error.details.map((d: { path: string }) => d.path),
      ['documentType'],
    );
    assert.deepEqual(await stored(), before, 'the temp file is removed');
  });

  describe('a client that aborts or stalls', () => {
    const boundary = 'x-boundary-x';
    const openHandles = () => readdirSync('/proc/self/fd').length;

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
      const before = await stored();
      const handles = openHandles();
      const { socket, answer } = startUpload(Buffer.concat([minimalPdf, Buffer.alloc(64 * 1024, 0x20)]));
      await tempFileAppears();
      socket.destroy();
      await answer;
      const error = (await serverSideEnded()) as { code?: string };
      assert.equal(error?.code, 'upload_aborted');
      assert.deepEqual(await stored(), before, 'no temp file left');
      assert.ok(openHandles() <= handles, `no handle left open (${openHandles()} open, ${handles} before)`);
      const again = await upload({ file: { bytes: minimalPdf, name: 'after.pdf' }, documentType: 'payslip' });
      assert.equal(again.status, 201, 'the server still answers');
    });

    it('answers 408 and closes the connection when the body stalls', async () => {
      timeouts = { idleTimeoutMs: 200 };
      const before = await stored();
      const handles = openHandles();
      const { answer } = startUpload(minimalPdf);
      await tempFileAppears();
      const response = await answer;
      assert.match(response, /^HTTP\/1\.1 408 /);
      assert.match(response, /"code":"upload_timeout"/);
      await serverSideEnded();
      assert.deepEqual(await stored(), before, 'no temp file left');
      assert.ok(openHandles() <= handles, `no handle left open (${openHandles()} open, ${handles} before)`);
    });

    it('cuts off a client that trickles a byte at a time past the upload deadline', async () => {
      timeouts = { idleTimeoutMs: 60_000, timeoutMs: 500 };
      const before = await stored();
      const { socket, answer } = startUpload(minimalPdf);
      const trickle = setInterval(() => socket.write(' '), 20);
      try {
        const response = await answer;
        assert.match(response, /^HTTP\/1\.1 408 /);
      } finally {
        clearInterval(trickle);
      }
      await serverSideEnded();
      assert.deepEqual(await stored(), before, 'no temp file left');
    });
  });

  describe('kept documents and their bytes', () => {
    const pdfLike = (text: string) => Buffer.concat([minimalPdf, Buffer.from(`% ${text}\n`)]);
    const bytesOf = async (documentIds: string[]) =>
      await db.select().from(documentContents).where(inArray(documentContents.documentId, documentIds));

    /** Keeps the bytes as a document of each id, as the upload route does. */
    async function keep(bytes: Buffer, documentIds: string[]): Promise<void> {
      const row = {
        workflowId: 'connection-files',
        step: 'prepare-connection',
        documentType: 'payslip',
        sha256: sha(bytes),
        sizeBytes: bytes.length,
        mediaType: 'application/pdf',
      };
      for (const documentId of documentIds) await keepDocument(db, { ...row, documentId }, bytes);
    }

    it('a discarded document takes its bytes along; another step’s document of the same bytes keeps its own', async () => {
      const shared = pdfLike('shared');
      await keep(shared, ['doc-a', 'doc-b']);
      await discardDocument(db, 'doc-a');
      assert.equal(await documentBytes(db, 'doc-a'), undefined);
      assert.deepEqual(await documentBytes(db, 'doc-b'), shared, 'doc-b still holds the bytes');
      await discardDocument(db, 'doc-b');
      assert.deepEqual(await bytesOf(['doc-a', 'doc-b']), []);
      assert.deepEqual(
        await db
          .select()
          .from(documents)
          .where(inArray(documents.documentId, ['doc-a', 'doc-b'])),
        [],
      );
    });

    it('whatever deletes a document’s row deletes its bytes: none outlive their row', async () => {
      await keep(pdfLike('deleted by hand'), ['doc-deleted']);
      await db.delete(documents).where(eq(documents.documentId, 'doc-deleted'));
      assert.deepEqual(await bytesOf(['doc-deleted']), []);
      // drizzle wraps the driver's error in its own ("Failed query: …"), the driver's as its cause.
      await assert.rejects(
        async () => db.insert(documentContents).values({ documentId: 'doc-none', bytes: minimalPdf }),
        (error: Error) => /FOREIGN KEY constraint failed/.test(String(error.cause)),
        'and no bytes without a row',
      );
    });

    it('removes abandoned upload temp files at start, and nothing else', () => {
      const hourAgo = new Date(Date.now() - 3_600_000);
      const file = (name: string, modified: Date) => {
        writeFileSync(join(tempDir, name), minimalPdf);
        utimesSync(join(tempDir, name), modified, modified);
      };
      mkdirSync(tempDir, { recursive: true });
      const abandoned = `.upload-${randomUUID()}`;
      const live = `.upload-${randomUUID()}`;
      file(abandoned, hourAgo);
      file(live, new Date());
      file('not-an-upload', hourAgo);
      assert.equal(removeAbandonedUploads(tempDir, new Date(Date.now() - 60_000)), 1);
      assert.deepEqual(tempFiles(), [live, 'not-an-upload'].sort());
      assert.equal(removeAbandonedUploads(join(tempDir, 'none'), new Date()), 0, 'no folder, nothing to remove');
    });

    it('rows kept before uploads waited for their attach count as attached; new ones wait', async () => {
      // A database migrated as it was before the attached_at column, holding one kept document.
      const file = join(mkdtempSync(join(tmpdir(), 'db-')), 'app.sqlite');
      const before = databaseBefore(file, '_documents_attached_at');
      before
        .prepare(
          "INSERT INTO documents (document_id, workflow_id, step, document_type, sha256, size_bytes, media_type) VALUES ('doc-old', 'connection-old', 'prepare-connection', 'payslip', ?, 1, 'application/pdf')",
        )
        .run('a'.repeat(64));
      before.close();

      const migrated = await openDatabase(file);
      const [old] = await migrated.select().from(documents);
      assert.equal(old!.attachedAt, old!.createdAt);
      await keep(pdfLike('new'), ['doc-new']);
      assert.equal(
        (await db.select().from(documents).where(eq(documents.documentId, 'doc-new')))[0]!.attachedAt,
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
