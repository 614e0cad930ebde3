import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentBytes, documentFolder, importDocumentFolder } from '../../db/documents';
import { databaseFile, openDatabase } from '../../db/open';
import { formerDocumentDataDir } from '../support/migrations';
import { eventually } from '../support/wait';

const root = join(__dirname, '..', '..');
const payslip = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));
const pdf = (text: string) => Buffer.concat([payslip, Buffer.from(`% ${text}\n`)]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Former documents of one connection, by document id. */
const former = (documents: Record<string, Buffer>, orphans: Buffer[] = []) =>
  formerDocumentDataDir(
    Object.entries(documents).map(([documentId, bytes]) => ({ documentId, workflowId: 'connection-former', bytes })),
    orphans,
  );

describe('documents kept in the former folder', () => {
  it('are copied into the database for every row referring to them, and their files go, the folder too', async () => {
    const shared = pdf('two steps');
    const own = pdf('one step');
    const dataDir = former({ 'doc-a': shared, 'doc-b': shared, 'doc-c': own });
    const db = await openDatabase(databaseFile(dataDir));
    assert.deepEqual(await importDocumentFolder(db, dataDir), { imported: 3, left: 0 });
    assert.deepEqual(await documentBytes(db, 'doc-a'), shared);
    assert.deepEqual(await documentBytes(db, 'doc-b'), shared);
    assert.deepEqual(await documentBytes(db, 'doc-c'), own);
    assert.equal(existsSync(documentFolder(dataDir)), false, 'no copy on disk outlives a deletion');
    assert.deepEqual(await importDocumentFolder(db, dataDir), { imported: 0, left: 0 }, 'a second start finds nothing');
    db.$client.close();
  });

  it('leave a file no row refers to, and anything else in the folder, where it is', async () => {
    const orphan = pdf('no row');
    const dataDir = former({ 'doc-a': pdf('a row') }, [orphan]);
    writeFileSync(join(documentFolder(dataDir), '.upload-left-by-a-crash'), 'partial');
    const db = await openDatabase(databaseFile(dataDir));
    assert.deepEqual(await importDocumentFolder(db, dataDir), { imported: 1, left: 2 });
    assert.deepEqual(readdirSync(documentFolder(dataDir)).sort(), ['.upload-left-by-a-crash', sha(orphan)]);
    db.$client.close();
  });

  it('are copied once when two processes start at once', async () => {
    const documents = Object.fromEntries(Array.from({ length: 200 }, (_, n) => [`doc-${n}`, pdf(`document ${n}`)]));
    const dataDir = former(documents);
    // Each opens the database, says so, and copies once told to: both copy at the same moment.
    const script = `
      const { openDatabase, databaseFile } = require(${JSON.stringify(join(root, 'db', 'open.ts'))});
      const { importDocumentFolder } = require(${JSON.stringify(join(root, 'db', 'documents.ts'))});
      const dataDir = ${JSON.stringify(dataDir)};
      openDatabase(databaseFile(dataDir)).then((db) => {
        process.stdout.write('ready\\n');
        process.stdin.once('data', async () => {
          process.stdout.write(JSON.stringify(await importDocumentFolder(db, dataDir)));
          process.exit(0);
        });
      });`;
    const processes = [0, 1].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.pipe(process.stderr);
      return {
        child,
        ready: eventually('the process to open the database', () => output.startsWith('ready\n')),
        exited: new Promise<string>((resolve, reject) =>
          child.once('exit', (code) =>
            code === 0 ? resolve(output.slice('ready\n'.length)) : reject(new Error(`exit ${code}`)),
          ),
        ),
      };
    });
    await Promise.all(processes.map(({ ready }) => ready));
    for (const { child } of processes) child.stdin.end('go\n');
    const results = (await Promise.all(processes.map(({ exited }) => exited))).map((out) => JSON.parse(out));
    assert.equal(
      results.reduce((sum, { imported }) => sum + imported, 0),
      200,
      `each copied once: ${JSON.stringify(results)}`,
    );
    const db = await openDatabase(databaseFile(dataDir));
    for (const [documentId, bytes] of Object.entries(documents))
      assert.deepEqual(await documentBytes(db, documentId), bytes);
    assert.equal(existsSync(documentFolder(dataDir)), false);
    db.$client.close();
  });
});
