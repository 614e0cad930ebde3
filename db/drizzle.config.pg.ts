import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, generated from db/schema.pg.ts beside SQLite's (db/drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
});
