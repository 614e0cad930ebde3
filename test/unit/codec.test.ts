import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, parseEncryptionKeys } from '../../config/codec';
import { ConfigError, loadConfig } from '../../config/env';

const keySpec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const meta = (payload: Payload, key: string) =>
  Buffer.from(payload.metadata?.[key] ?? new Uint8Array()).toString('utf8');
const person = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };

describe('payload encryption codec', () => {
  const oldKey = keySpec('2024');
  const newKey = keySpec('2025');
  const plain = defaultPayloadConverter.toPayload(person);

  it('round-trips a payload, keeping no clear text and naming the key', async () => {
    const codec = new EncryptionCodec(parseEncryptionKeys(oldKey));
    const [encrypted] = await codec.encode([plain]);
    assert.equal(meta(encrypted!, 'encoding'), ENCRYPTED_ENCODING);
    assert.equal(meta(encrypted!, KEY_ID_METADATA), '2024');
    assert.ok(!Buffer.from(encrypted!.data!).toString('latin1').includes('Karen'));
    const [decoded] = await codec.decode([encrypted!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), person);
  });

  it('encrypts with a fresh IV each time', async () => {
    const codec = new EncryptionCodec(parseEncryptionKeys(oldKey));
    const [a, b] = await codec.encode([plain, plain]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  });

  it('rotates keys: the new key encrypts, the old key still decrypts', async () => {
    const before = new EncryptionCodec(parseEncryptionKeys(oldKey));
    const after = new EncryptionCodec(parseEncryptionKeys(`${newKey},${oldKey}`));
    const [old] = await before.encode([plain]);
    assert.deepEqual(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!), person);
    const [fresh] = await after.encode([plain]);
    assert.equal(meta(fresh!, KEY_ID_METADATA), '2025');
    await assert.rejects(before.decode([fresh!]), /unknown key "2025"/);
  });

  it('refuses a tampered payload', async () => {
    const codec = new EncryptionCodec(parseEncryptionKeys(oldKey));
    const [encrypted] = await codec.encode([plain]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 1;
    await assert.rejects(codec.decode([{ ...encrypted!, data }]));
  });

  it('passes unencrypted payloads (histories from before encryption) through', async () => {
    const codec = new EncryptionCodec(parseEncryptionKeys(oldKey));
    assert.deepEqual(await codec.decode([plain]), [plain]);
  });

  it('refuses keys that are not 32 bytes or share an id, at configuration', () => {
    assert.throws(() => parseEncryptionKeys(`a:${randomBytes(16).toString('base64')}`), /32 bytes/);
    assert.throws(() => parseEncryptionKeys(`${keySpec('a')},${keySpec('a')}`), /unique/);
    assert.throws(
      () => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `a:${randomBytes(16).toString('base64')}` }),
      (error: unknown) => {
        return (
          error instanceof ConfigError && error.problems.some((line) => line.startsWith('PAYLOAD_ENCRYPTION_KEYS'))
        );
      },
    );
  });
});
