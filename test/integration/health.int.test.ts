import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createPool } from '../../server/db/pool.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('health', () => {
  it('reports the database and PostGIS', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'up', postgis: expect.stringMatching(/^3\./) });
  });

  it('reports a database that is down, quickly, instead of hanging', async () => {
    const dead = createPool('postgresql://postgres@localhost/gridwatch?host=/nonexistent-socket-dir', 1);
    const app = createApp({ db: dead, tileDb: dead });
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const { port } = http.address() as { port: number };
    const t0 = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', db: 'down' });
    expect(Date.now() - t0).toBeLessThan(5000);
    http.close();
    await dead.end();
  });
});
