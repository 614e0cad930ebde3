// `npm run db:migrate`: applies the app database's committed migrations once and exits, for a deploy that
// migrates before it starts the new processes (each process also applies them at start, under a lock).
import { loadConfigOrExit } from '../config/env';
import { closeDatabase, openAppDatabase } from '../db/open';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await closeDatabase(await openAppDatabase(config));
  console.log(`migrations applied to ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'SQLite under DATA_DIR'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
