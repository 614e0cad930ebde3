// A throwaway PostgreSQL server for tests (dev/postgres.ts), started at the first database a test asks for and
// stopped and removed when the test process exits. Every call gets a database of its own.
import { missingPostgres, startLocalPostgres, type LocalPostgres } from '../../dev/postgres';
import { describeNeeding } from './optional-suite';

/** `describe` for a suite that needs PostgreSQL, or one skipped line where it is missing outside CI. */
export function describeWithPostgres(title: string, suite: (this: Mocha.Suite) => void): void {
  describeNeeding(missingPostgres, title, suite);
}

let server: Promise<LocalPostgres> | undefined;
let databases = 0;

/** A new, empty database on the test server (started on first use); its `postgres://` URL. */
export async function createPostgresDatabase(): Promise<string> {
  return (await (server ??= startLocalPostgres())).createDatabase(`test_${++databases}`);
}
