// The application in a child process of its own, for measuring what one request costs the server in memory
// without the test runner's heap in the figure. Prints its port on stdout; the parent reads /proc/<pid>/status.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { createPool } from '../../server/db/pool.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const db = createPool(url, 4);
const server = createApp({ db, tileDb: db }).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => void db.end()));
