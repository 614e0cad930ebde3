// The CSV import call through the real app and database (no Temporal needed): limits that hold inside
// quotes, per record and per body; charsets; and no half-import after a broken file or a client abort.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { count, eq } from 'drizzle-orm';
import { callLimits, resendsPerUser } from '../../api/organizations';
import { maxImportBytes, type ImportResult } from '../../api/user-import';
import { loadConfig } from '../../config/env';
import { openDatabase, type Db } from '../../db/open';
import { users, userImportRows, userImports } from '../../db/schema';
import { startBareApp, type BareApp } from '../support/bare-app';
import type { ErrorAnswer, JsonAnswer } from '../support/operator-http';
import { nemidExport, seedActiveOrganization } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
let db: Db;
const header = 'name,email,nemidUserId,importedAt\n';
const MiB = 1024 * 1024;

async function usersOf(orgId: string) {
  return await db
    .select({
      name: users.name,
      email: users.email,
      nemidUserId: users.nemidUserId,
      importedAt: users.importedAt,
      status: users.status,
    })
    .from(users)
    .where(eq(users.orgId, orgId))
    .orderBy(users.nemidUserId);
}

const stagedImports = async () => (await db.select({ n: count() }).from(userImports))[0]!.n;
const stagedRows = async () => (await db.select({ n: count() }).from(userImportRows))[0]!.n;

/** `size` bytes of chunks from `make`, generated as they are read. */
function streamOf(size: number, make: (offset: number) => Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < size;) {
        const chunk = make(offset);
        offset += chunk.length;
        yield chunk;
      }
    })(),
  );
}

describe('CSV import: limits, charsets, all or nothing', () => {
  let app: BareApp;
  let orgs = 0;

  before(async () => {
    db = await openDatabase(':memory:');
    app = await startBareApp(undefined, { config, db });
  });
  after(() => app.close());

  async function newOrg(): Promise<string> {
    const orgId = `dk-org-${++orgs}`;
    await seedActiveOrganization(db, orgId);
    return orgId;
  }

  async function post(
    orgId: string,
    body: string | Buffer | Readable,
    contentType = 'text/csv',
    signal?: AbortSignal,
  ): Promise<JsonAnswer> {
    const response = await fetch(`${app.baseUrl}/api/organizations/${orgId}/imported-users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.env.OPERATOR_API_KEY}`, 'content-type': contentType },
      body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
      duplex: 'half',
      signal,
    } as RequestInit);
    return { status: response.status, body: await response.json() };
  }

  it('refuses a 20 MiB quoted field with 413 at the field limit, without the heap growing by the field', async () => {
    const orgId = await newOrg();
    const heapBefore = process.memoryUsage().heapUsed;
    const body = streamOf(20 * MiB, (offset) => (offset === 0 ? Buffer.from(`${header}"`) : Buffer.alloc(MiB, 'a')));
    const answer = await post(orgId, body);
    const growth = process.memoryUsage().heapUsed - heapBefore;
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
    assert.match(answer.body.error.message, /field on line 2 is longer than 10000 characters/);
    assert.ok(growth < 64 * MiB, `heap grew by ${Math.round(growth / MiB)} MiB`);
    assert.deepEqual(await usersOf(orgId), []);
  });

  it('refuses a record with more than 100 fields with 413', async () => {
    const orgId = await newOrg();
    const answer = await post(orgId, `${header}Anna,anna@x.dk,RID:1,2023-01-01${',x'.repeat(100)}\n`);
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
    assert.match(answer.body.error.message, /line 2 has more than 100 fields/);
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const orgId = await newOrg();
    const declared = await fetch(`${app.baseUrl}/api/organizations/${orgId}/imported-users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.env.OPERATOR_API_KEY}`, 'content-type': 'text/csv' },
      body: Buffer.concat([Buffer.from(header), Buffer.alloc(maxImportBytes, '\n')]),
    });
    assert.equal(declared.status, 413);
    const declaredError = ((await declared.json()) as ErrorAnswer).error;
    assert.equal(declaredError.code, 'too_large');
    assert.match(declaredError.message, /larger than 32 MiB/);
    const streamed = await post(
      orgId,
      streamOf(maxImportBytes + MiB, (offset) => (offset === 0 ? Buffer.from(header) : Buffer.alloc(MiB, '\n'))),
    );
    assert.equal(streamed.status, 413);
    assert.equal(streamed.body.error.code, 'too_large');
    assert.deepEqual(await usersOf(orgId), []);
  });

  it('refuses more than 200,000 rows with 413', async () => {
    const orgId = await newOrg();
    const answer = await post(
      orgId,
      streamOf(1 * MiB, (offset) => (offset === 0 ? Buffer.from(header) : Buffer.alloc(64 * 1024, 'x\n'))),
    );
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
    assert.match(answer.body.error.message, /more than 200000 rows/);
    assert.deepEqual(await usersOf(orgId), []);
  });

  it('decodes windows-1252 and ISO-8859-1 as their charset says, and UTF-8 by default', async () => {
    const orgId = await newOrg();
    const latin1 = Buffer.from(`${header}Søren Ærø,soeren@x.dk,RID:1,2023-01-01\n`, 'latin1');
    assert.equal((await post(orgId, latin1, 'text/csv; charset=windows-1252')).body.imported, 1);
    const iso = Buffer.from(`${header}Jürgen Weiß,juergen@x.dk,RID:2,2023-01-01\n`, 'latin1');
    assert.equal((await post(orgId, iso, 'text/csv;charset="ISO-8859-1"')).body.imported, 1);
    assert.equal((await post(orgId, Buffer.from(`${header}Åse Øster,aase@x.dk,RID:3,2023-01-01\n`))).body.imported, 1);
    assert.deepEqual(
      (await usersOf(orgId)).map((u) => u.name),
      ['Søren Ærø', 'Jürgen Weiß', 'Åse Øster'],
    );
  });

  it('refuses invalid UTF-8 with its line, imports nothing, and refuses an unknown charset with 415', async () => {
    const orgId = await newOrg();
    const bytes = Buffer.concat([
      Buffer.from(`${header}Anna,anna@x.dk,RID:1,2023-01-01\nS`),
      Buffer.from([0xf8]),
      Buffer.from('ren,s@x.dk,RID:2,2023-01-01\n'),
    ]);
    const invalid = await post(orgId, bytes);
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.error.code, 'invalid_encoding');
    assert.deepEqual(invalid.body.error.details, { line: 3 });
    const truncated = await post(
      orgId,
      Buffer.concat([Buffer.from(`${header}Anna,anna@x.dk,RID:1,2023-01-01\nS`), Buffer.from([0xc3])]),
    );
    assert.equal(truncated.status, 422);
    assert.equal(truncated.body.error.code, 'invalid_encoding');
    assert.deepEqual(truncated.body.error.details, { line: 3 });
    assert.deepEqual(await usersOf(orgId), []);
    const unknown = await post(orgId, `${header}Anna,anna@x.dk,RID:1,2023-01-01\n`, 'text/csv; charset=ebcdic-cp-us');
    assert.equal(unknown.status, 415);
    assert.equal(unknown.body.error.code, 'unsupported_charset');
    assert.match(unknown.body.error.message, /UTF-8, windows-1252 or ISO-8859-1/);
  });

  it('imports nothing from a file broken at row 1,201; the fixed file then imports as a clean first import does', async () => {
    const rows = (broken: boolean) => {
      const lines = [header.trimEnd()];
      for (let i = 0; i < 1500; i++) lines.push(`User ${i},user${i}@x.dk,RID:${1000 + i},2022-06-01`);
      lines.push('Late,late@x.dk,RID:9999,2023-11-02', 'Again,again@x.dk,RID:1000,2022-06-01');
      if (broken) lines.splice(1201, 0, `Broken,${'b'.repeat(10_001)},RID:1,2022-06-01`);
      return `${lines.join('\r\n')}\r\n`;
    };
    const orgId = await newOrg();
    const broken = await post(orgId, rows(true));
    assert.equal(broken.status, 413);
    assert.deepEqual(broken.body.error.details, { line: 1202 });
    assert.deepEqual(await usersOf(orgId), []);
    assert.equal(await stagedRows(), 0);

    const fixed = await post(orgId, rows(false));
    const clean = await newOrg();
    const first = await post(clean, rows(false));
    assert.equal(fixed.status, 200);
    assert.deepEqual(fixed.body, first.body);
    assert.equal(fixed.body.imported, 1500);
    assert.deepEqual(
      fixed.body.rejected.map((r: ImportResult['rejected'][number]) => [r.row, r.error.slice(0, 9)]),
      [
        [1502, 'imported '],
        [1503, 'duplicate'],
      ],
    );
    assert.deepEqual(await usersOf(orgId), await usersOf(clean));
  });

  it('a second import of the same file lists every row as a duplicate and changes nothing', async () => {
    const orgId = await newOrg();
    assert.equal((await post(orgId, nemidExport(1200, 'x.dk'))).body.imported, 1200);
    const again = await post(orgId, nemidExport(1200, 'x.dk'));
    assert.deepEqual(
      [again.body.imported, again.body.rejectedCount, again.body.rejected.length, again.body.rejectedNotListed],
      [0, 1200, 1000, 200],
    );
    assert.equal((await usersOf(orgId)).length, 1200);
  });

  it('leaves nothing behind when the client aborts mid-upload', async () => {
    const orgId = await newOrg();
    let push!: (text: string) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const abort = new AbortController();
    const answered = post(orgId, Readable.fromWeb(body as never), 'text/csv', abort.signal).catch(
      (error: Error) => error,
    );
    push(header);
    for (let i = 0; i < 2000; i++) push(`User ${i},user${i}@x.dk,RID:${i},2022-06-01\n`);
    await eventually('rows staged', async () => (await stagedRows()) > 0);
    abort.abort();
    assert.ok((await answered) instanceof Error);
    await eventually('the import swept', async () => (await stagedImports()) === 0);
    assert.equal(await stagedRows(), 0);
    assert.deepEqual(await usersOf(orgId), []);
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonAnswer & { retryAfter: string | null }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.env.OPERATOR_API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  }

  it('limits imports per organisation: 429 rate_limited with Retry-After, other organisations unaffected', async () => {
    const [busy, other] = [await newOrg(), await newOrg()];
    for (let i = 0; i < callLimits.import.organization; i++) assert.equal((await post(busy, header)).status, 200);
    const refused = await post(busy, `${header}Anna,anna@x.dk,RID:1,2023-01-01\n`);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.equal((await post(other, `${header}Anna,anna@x.dk,RID:1,2023-01-01\n`)).status, 200);
    assert.deepEqual(await usersOf(busy), []);
    const unauthenticated = await fetch(`${app.baseUrl}/api/organizations/${other}/imported-users`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: header,
    });
    assert.equal(unauthenticated.status, 401, 'a stranger is refused before being counted');
  });

  it('limits activations per organisation, and re-sends per organisation and per user', async () => {
    const orgId = await newOrg();
    for (let i = 0; i < callLimits.activation.organization; i++)
      assert.notEqual(
        (await call('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' })).status,
        429,
      );
    const activation = await call('POST', `/api/organizations/${orgId}/activations`, {
      all: true,
      loginMethod: 'private',
    });
    assert.equal(activation.status, 429);
    assert.ok(
      Number(activation.retryAfter) > 0 && Number(activation.retryAfter) <= 3600,
      `Retry-After: ${activation.retryAfter}`,
    );

    await post(orgId, `${header}Anna,anna@x.dk,RID:1,2023-01-01\nBo,bo@x.dk,RID:2,2023-01-01\n`);
    const [anna, bo] = await db
      .select({ userId: users.userId })
      .from(users)
      .where(eq(users.orgId, orgId))
      .orderBy(users.nemidUserId);
    const resend = (userId: string) => call('POST', `/api/organizations/${orgId}/users/${userId}/resend-activation`);
    for (let i = 0; i < resendsPerUser; i++)
      assert.equal((await resend(anna!.userId)).status, 409, 'an imported user has nothing to re-send');
    assert.equal((await resend(anna!.userId)).status, 429);
    assert.equal((await resend(bo!.userId)).status, 409, "another user's re-sends are counted apart");
  });
});
