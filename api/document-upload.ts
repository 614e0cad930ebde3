// Receives one uploaded document (multipart fields `file` and `documentType`): the bytes stream to a
// temp file in this node's uploads folder while being hashed and counted, and the type is decided by the
// first bytes (never by the name or the declared type). Only a complete upload within the limit is read
// back into memory, for the caller to keep in the database (db/documents.ts); the temp file is gone by
// the time the upload is answered, whatever happened.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import { importDocumentFolder } from '../db/documents';
import type { Db } from '../db/open';
import { durationMs } from '../domain/duration';
import { HttpError } from './errors';

export const documentMediaTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

export interface ReceivedDocument {
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
  /** The uploader's file name, sanitised; metadata only, never a path. */
  originalName: string | null;
  documentType: string;
  bytes: Buffer;
}

export interface DocumentUploadOptions {
  /** Where the upload's temp file is written: `uploadsDir`, on the node that receives it. */
  tempDir: string;
  maxBytes?: number;
  /** A body that sends nothing for this long is cut off (408). */
  idleTimeoutMs?: number;
  /** The whole body must arrive within this, however it trickles in (408): a slow client holds a file open only so long. */
  timeoutMs?: number;
}

/** A node's temp files of uploads on their way: DATA_DIR/uploads/.upload-<uuid>. */
export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

const uploadTempPrefix = '.upload-';

/**
 * Removes the temp files a stopped process left: those last written before `olderThan`, since another
 * process may share the folder, and an upload still arriving began less than UPLOAD_TIMEOUT ago.
 * Returns how many it removed.
 */
export function removeAbandonedUploads(dir: string, olderThan: Date): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const abandoned = names.filter((name) => {
    const modified = statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs;
    return name.startsWith(uploadTempPrefix) && modified !== undefined && modified < olderThan.getTime();
  });
  for (const name of abandoned) rmSync(join(dir, name), { force: true });
  return abandoned.length;
}

/**
 * An API process's start: documents kept in the former folder move into the database (db/documents.ts),
 * and temp files its predecessor left behind go.
 */
export async function prepareDocumentStorage({
  db,
  config,
  logger,
}: {
  db: Db;
  config: AppConfig;
  logger: Logger;
}): Promise<void> {
  const { imported, left } = await importDocumentFolder(db, config.dataDir);
  if (imported + left > 0) logger.info({ imported, left }, 'former document folder copied into the database');
  removeAbandonedUploads(uploadsDir(config.dataDir), new Date(Date.now() - durationMs(config.env.UPLOAD_TIMEOUT)));
}

export const defaultMaxDocumentBytes = 10 * 1024 * 1024;
export const defaultUploadIdleTimeoutMs = 30_000;
export const defaultUploadTimeoutMs = 5 * 60_000;

const signatures: Array<{ mediaType: DocumentMediaType; bytes: number[] }> = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // "%PDF-"
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];
const sniffLength = Math.max(...signatures.map((s) => s.bytes.length));
export const documentTypePattern = /^[A-Za-z0-9][\w.-]{0,63}$/;
const maxNameLength = 200;

export function sniffMediaType(head: Buffer): DocumentMediaType | undefined {
  return signatures.find((s) => head.length >= s.bytes.length && s.bytes.every((byte, i) => head[i] === byte))
    ?.mediaType;
}

/** The last path segment without control or bidi-override characters (which disguise extensions), length-limited. */
export function sanitizeFileName(name: string | undefined): string | null {
  const base = (name ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are what it strips
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  const limited = Array.from(clean).slice(0, maxNameLength).join('');
  return limited === '' ? null : limited;
}

const unsupported = () => new HttpError(415, 'unsupported_media_type', 'Only PDF, PNG and JPEG documents are accepted');

/** Hashes and counts the bytes passing through, and refuses them unless the first bytes are a known type. */
class SniffingHasher extends Transform {
  readonly hash = createHash('sha256');
  sizeBytes = 0;
  mediaType?: DocumentMediaType;
  private head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.sizeBytes += chunk.length;
    if (!this.mediaType && this.head.length < sniffLength) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, sniffLength - this.head.length)]);
      if (this.head.length >= sniffLength && !this.decide()) return callback(unsupported());
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.sizeBytes === 0) return callback(new HttpError(422, 'invalid_request', 'The uploaded file is empty'));
    callback(this.mediaType || this.decide() ? null : unsupported());
  }

  private decide(): boolean {
    this.mediaType = sniffMediaType(this.head);
    return this.mediaType !== undefined;
  }
}

interface ReceivedFile {
  bytes: Buffer;
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
}

/** The file through a temp file (so a slow upload holds no memory), read back once complete; the temp file removed either way. */
async function receiveFile(file: Readable, tempDir: string, maxBytes: number): Promise<ReceivedFile> {
  const path = join(tempDir, `${uploadTempPrefix}${randomUUID()}`);
  const sniffer = new SniffingHasher();
  // busboy truncates silently at `fileSize`; turning its signal into an error aborts the whole pipeline.
  file.once('limit', () =>
    sniffer.destroy(new HttpError(413, 'too_large', `The file is larger than ${maxBytes} bytes`)),
  );
  try {
    await pipeline(file, sniffer, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    const bytes = await readFile(path);
    return { bytes, sha256: sniffer.hash.digest('hex'), sizeBytes: sniffer.sizeBytes, mediaType: sniffer.mediaType! };
  } finally {
    await rm(path, { force: true });
  }
}

/** Streams one document through a temp file in `tempDir`; holds no more than `maxBytes` of it and writes nowhere else. */
export async function receiveDocumentUpload(req: Request, options: DocumentUploadOptions): Promise<ReceivedDocument> {
  const maxBytes = options.maxBytes ?? defaultMaxDocumentBytes;
  await mkdir(options.tempDir, { recursive: true });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxBytes, fields: 8, fieldSize: 1024, parts: 12 },
    });
  } catch {
    throw new HttpError(415, 'unsupported_media_type', 'Expected a multipart/form-data body');
  }

  return new Promise<ReceivedDocument>((resolve, reject) => {
    let documentType: string | undefined;
    let originalName: string | null = null;
    let upload: Promise<ReceivedFile> | undefined;
    let fileStream: Readable | undefined;
    let settled = false;

    const tooSlow = () => fail(new HttpError(408, 'upload_timeout', 'The upload took too long'), { drain: false });
    const idle = setTimeout(tooSlow, options.idleTimeoutMs ?? defaultUploadIdleTimeoutMs);
    const total = setTimeout(tooSlow, options.timeoutMs ?? defaultUploadTimeoutMs);
    const onData = () => idle.refresh();
    // `pipe` passes neither an abort nor a disconnect on: without this the parser, the file stream and
    // its handle would wait for the rest of the body forever.
    const onClose = () => {
      if (!req.complete) fail(new HttpError(400, 'upload_aborted', 'The upload was interrupted'), { drain: false });
    };
    req.on('data', onData);
    req.once('close', onClose);
    const stopWatching = () => {
      clearTimeout(idle);
      clearTimeout(total);
      req.off('data', onData);
      req.off('close', onClose);
    };

    // Answers only once the temp file is gone and, like body-parser, the rest of the request is read
    // off, so the client sees the answer instead of a reset connection. A stalled or vanished client
    // has nothing left to read: its connection closes after the answer.
    function fail(error: unknown, { drain }: { drain: boolean } = { drain: true }) {
      if (settled) return;
      settled = true;
      stopWatching();
      req.unpipe(parser);
      parser.destroy();
      fileStream?.destroy();
      // The file's receipt removes its temp file as it settles.
      const cleaned = upload?.catch(() => undefined);
      let drained: Promise<void> | undefined;
      if (!drain) req.res?.setHeader('Connection', 'close');
      else if (!req.readableEnded) drained = new Promise<void>((done) => finished(req, () => done()));
      req.resume();
      void Promise.all([cleaned, drained]).then(() => reject(error));
    }

    parser.on('field', (name, value) => {
      if (name === 'documentType') documentType = value.trim();
    });
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || upload) {
        file.resume();
        return;
      }
      originalName = sanitizeFileName(info.filename);
      fileStream = file;
      upload = receiveFile(file, options.tempDir, maxBytes);
      upload.catch(fail);
    });
    parser.on('error', () => fail(new HttpError(400, 'malformed_multipart', 'The multipart body could not be read')));
    parser.on('close', () => {
      if (settled) return;
      const missing = [
        ...(upload ? [] : [{ path: 'file', message: 'a file is required' }]),
        ...(documentType && documentTypePattern.test(documentType)
          ? []
          : [{ path: 'documentType', message: 'expected a document type such as "power-of-attorney"' }]),
      ];
      if (missing.length > 0) return fail(new HttpError(422, 'invalid_request', 'The upload is incomplete', missing));
      upload!.then((received) => {
        if (settled) return;
        settled = true;
        stopWatching();
        resolve({ ...received, originalName, documentType: documentType! });
      }, fail);
    });
    req.pipe(parser);
  });
}
