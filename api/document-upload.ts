// Receives one uploaded document (multipart fields `file` and `documentType`): the bytes stream to a
// temp file inside the documents folder while being hashed, and the type is decided by the first bytes
// (never by the name or the declared type). The caller keeps the temp file (db/document-files.ts moves it
// to its content address with its row) or removes it.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { uploadTempPrefix } from '../db/document-files';
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
  /** The bytes, in the documents folder under a name of their own until the caller keeps or removes them. */
  tempPath: string;
}

export interface DocumentUploadOptions {
  documentsDir: string;
  maxBytes?: number;
  /** A body that sends nothing for this long is cut off (408). */
  idleTimeoutMs?: number;
  /** The whole body must arrive within this, however it trickles in (408): a slow client holds a file open only so long. */
  timeoutMs?: number;
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

interface TempFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
}

async function streamToTemp(file: Readable, documentsDir: string, maxBytes: number): Promise<TempFile> {
  const path = join(documentsDir, `${uploadTempPrefix}${randomUUID()}`);
  const sniffer = new SniffingHasher();
  // busboy truncates silently at `fileSize`; turning its signal into an error aborts the whole pipeline.
  file.once('limit', () =>
    sniffer.destroy(new HttpError(413, 'too_large', `The file is larger than ${maxBytes} bytes`)),
  );
  try {
    await pipeline(file, sniffer, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, sha256: sniffer.hash.digest('hex'), sizeBytes: sniffer.sizeBytes, mediaType: sniffer.mediaType! };
}

/** Streams one document into a temp file in `documentsDir`; never buffers the file and never writes elsewhere. */
export async function receiveDocumentUpload(req: Request, options: DocumentUploadOptions): Promise<ReceivedDocument> {
  const maxBytes = options.maxBytes ?? defaultMaxDocumentBytes;
  await mkdir(options.documentsDir, { recursive: true });
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
    let upload: Promise<TempFile> | undefined;
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
      const cleaned = upload?.then(
        (temp) => rm(temp.path, { force: true }),
        () => undefined,
      );
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
      upload = streamToTemp(file, options.documentsDir, maxBytes);
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
      upload!.then((temp) => {
        if (settled) return;
        settled = true;
        stopWatching();
        resolve({
          sha256: temp.sha256,
          sizeBytes: temp.sizeBytes,
          mediaType: temp.mediaType,
          originalName,
          documentType: documentType!,
          tempPath: temp.path,
        });
      }, fail);
    });
    req.pipe(parser);
  });
}
