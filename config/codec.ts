// Payload encryption for everything this system hands Temporal: workflow and activity inputs and results,
// update arguments, memos, summaries and failure messages. The server, its database and the Web UI (without
// the codec endpoint) only ever see ciphertext. Search attributes and workflow ids are never encoded, so
// they carry no personal data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** `keyId:base64[,keyId:base64...]`: the first key encrypts, every key decrypts (so keys can rotate). */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys = spec.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    const key = Buffer.from(entry.slice(separator + 1).trim(), 'base64');
    if (separator <= 0 || key.length !== KEY_BYTES)
      throw new Error(`encryption key "${id}" must be "keyId:base64" of ${KEY_BYTES} bytes`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('encryption key ids must be unique');
  return keys;
}

const text = (value: string) => new TextEncoder().encode(value);
const decoded = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** AES-256-GCM over the whole serialised payload (metadata included), the key id in clear beside it. */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('at least one encryption key is required');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(this.current.id) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Payloads written before encryption (old histories) pass through unchanged.
      if (decoded(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = decoded(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with unknown key "${keyId}": add it to PAYLOAD_ENCRYPTION_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The data converter of every client and worker (and of the replay test): same keys, same failure converter. */
export function dataConverterFor(encryptionKeys: string): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(parseEncryptionKeys(encryptionKeys))],
    failureConverterPath,
  };
}

/** Also bundled into the workflow code, so workflow failures are encoded the same way. */
export const failureConverterPath = require.resolve('./failure-converter');
