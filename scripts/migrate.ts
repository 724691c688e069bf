// Applies pending migrations to DATABASE_URL.
import pg from 'pg';
import { migrate } from '../server/db/migrate.ts';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  const n = await migrate(client, (m) => console.log(`  ${m}`));
  console.log(n ? `  ${n} migration(s) applied` : '  schema is up to date');
} finally {
  await client.end();
}
