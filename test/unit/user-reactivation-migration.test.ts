// The user re-activation migration on a database written before it: each batch's members are taken from
// the users' rows (so running batches keep counting), activation dates are filled in, and users deleted
// earlier lose their data.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const migrations = join(__dirname, '../../db/migrations');

function apply(db: Database.Database, file: string): void {
  for (const statement of readFileSync(join(migrations, file), 'utf8').split('--> statement-breakpoint')) {
    if (statement.trim()) db.exec(statement);
  }
}

describe('the user re-activation migration on earlier data', () => {
  it('makes batch members of the users in batches, dates their activations, and erases deleted users', () => {
    const db = new Database(':memory:');
    const files = readdirSync(migrations)
      .filter((file) => file.endsWith('.sql'))
      .sort();
    const migration = files.find((file) => file.endsWith('_user_reactivation.sql'))!;
    for (const file of files.filter((file) => file < migration)) apply(db, file);
    db.exec(`
      insert into organizations (org_id, name, kind, country, language, status, connected_at) values ('dk-cvr-1', 'Org', 'company', 'DK', 'da', 'active', '2026-01-01');
      insert into activation_batches (batch_id, org_id, login_method, total, requested_by, created_at) values ('b1', 'dk-cvr-1', 'private', 2, 'operator:x', '2026-02-01T00:00:00Z');
      insert into users (user_id, org_id, name, email, nemid_user_id, imported_at, status, batch_id, login_method, created_at) values
        ('u1', 'dk-cvr-1', 'Bo Berg', 'bo@x.dk', 'RID:1', '2023-01-01', 'rejected', 'b1', 'private', '2026-02-03T00:00:00Z'),
        ('u2', 'dk-cvr-1', 'Eva Eriksen', 'eva@x.dk', 'RID:2', '2023-01-01', 'activation_pending', 'b1', 'private', '2026-02-01T00:00:00Z'),
        ('u3', 'dk-cvr-1', 'Cai Clausen', 'cai@x.dk', 'RID:3', '2023-01-01', 'deleted', null, null, '2026-02-01T00:00:00Z'),
        ('u4', 'dk-cvr-1', 'Gitte Grøn', 'gitte@x.dk', 'RID:4', '2023-01-01', 'imported', null, null, '2026-02-01T00:00:00Z');
    `);
    apply(db, migration);
    assert.deepEqual(
      db.prepare('select batch_id, user_id, status from activation_batch_users order by user_id').all(),
      [
        { batch_id: 'b1', user_id: 'u1', status: 'rejected' },
        { batch_id: 'b1', user_id: 'u2', status: 'activation_pending' },
      ],
    );
    assert.deepEqual(
      db
        .prepare(
          'select user_id, name, email, nemid_user_id, activation_requested_at, activation_ended_at from users order by user_id',
        )
        .all(),
      [
        {
          user_id: 'u1',
          name: 'Bo Berg',
          email: 'bo@x.dk',
          nemid_user_id: 'RID:1',
          activation_requested_at: '2026-02-01T00:00:00Z',
          activation_ended_at: '2026-02-03T00:00:00Z',
        },
        {
          user_id: 'u2',
          name: 'Eva Eriksen',
          email: 'eva@x.dk',
          nemid_user_id: 'RID:2',
          activation_requested_at: '2026-02-01T00:00:00Z',
          activation_ended_at: null,
        },
        {
          user_id: 'u3',
          name: '',
          email: '',
          nemid_user_id: 'deleted:u3',
          activation_requested_at: null,
          activation_ended_at: null,
        },
        {
          user_id: 'u4',
          name: 'Gitte Grøn',
          email: 'gitte@x.dk',
          nemid_user_id: 'RID:4',
          activation_requested_at: null,
          activation_ended_at: null,
        },
      ],
    );
  });
});
