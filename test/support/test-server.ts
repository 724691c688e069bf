// The real HTTP application on a free port, against a cloned database.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app.ts';
import { createHttpServer } from '../../server/http/http-server.ts';
import { createPool, type Pool } from '../../server/db/pool.ts';
import type { NoticeRenderer } from '../../server/notices/notice-renderer.ts';
import { TileService } from '../../server/tiles/tile-service.ts';
import { cloneTemplate, type TestDb } from './test-db.ts';

export interface TestServer {
  baseUrl: string;
  db: TestDb;
  /** The tile pool and cache, for tests that count queries or read metrics directly. */
  tileDb: Pool;
  tiles: TileService;
  close(): Promise<void>;
}

/** noticeRenderer: a test that makes notices passes its own, to close it when done. */
export async function startTestServer(options: { clientDir?: string; noticeRenderer?: NoticeRenderer } = {}): Promise<TestServer> {
  const db = await cloneTemplate();
  const tileDb = createPool(db.url, 4, { statementTimeoutMs: 5000 });
  const tiles = new TileService(tileDb);
  await tiles.listen(db.url);
  const app = createApp({ db: db.pool, tileDb, tiles, clientDir: options.clientDir, noticeRenderer: options.noticeRenderer });
  const server: Server = await new Promise((resolve) => {
    const s = createHttpServer(app, tiles).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    tileDb,
    tiles,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tiles.close();
      await tileDb.end();
      await db.drop();
    },
  };
}

/** Signs in and returns the session cookie to send with later requests. */
export async function signIn(baseUrl: string, username: string, password = 'gridwatch'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0];
}
