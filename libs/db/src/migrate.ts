import { loadConfig } from '@taizhang/config';
import { MIGRATIONS_TABLE } from './data-source';
import { openDatabase } from './database';

/**
 * `npm run migration:run` (target `db:migrate`): create the database if it is missing and run the pending
 * migrations — the same `openDatabase` the API and the worker call at start (one process at a time, under
 * an advisory lock), for a deploy that migrates before it starts them. DATABASE_URL from the environment.
 */
async function main(): Promise<void> {
  const ds = await openDatabase(loadConfig().databaseUrl);
  const applied = await ds.query(`SELECT count(*)::int AS n FROM ${MIGRATIONS_TABLE}`);
  console.log(`migrations: ${applied[0]?.n ?? 0} applied, none pending`);
  await ds.destroy();
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
