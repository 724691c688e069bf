import { availableParallelism } from 'node:os';
// Settings read once from the environment. Scripts export DATABASE_URL for the managed cluster.
export interface Config {
  port: number;
  databaseUrl: string;
  /** Folder of the built client, served as static files. */
  clientDir: string;
  /** Cookies marked Secure only when served over HTTPS (a county intranet often is not). */
  secureCookies: boolean;
  /** Memory for rendered tiles (GW_TILE_CACHE_MB, default 128), in each serving process. */
  tileCacheBytes: number;
  /** Serving processes sharing the port (GW_PROCESSES; default: the cores, at most 2; 1 runs no primary). */
  processes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: start the server with ./scripts/start.sh, which provisions the database');
  }
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const cacheMb = Number(env.GW_TILE_CACHE_MB ?? 128);
  if (!(cacheMb > 0)) throw new Error(`GW_TILE_CACHE_MB must be a positive number of megabytes, not ${env.GW_TILE_CACHE_MB}`);
  const processes = Number(env.GW_PROCESSES ?? Math.min(2, availableParallelism()));
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) {
    throw new Error(`GW_PROCESSES must be a whole number from 1 to 64, not ${env.GW_PROCESSES}`);
  }
  return {
    port,
    processes,
    tileCacheBytes: Math.floor(cacheMb * 1024 * 1024),
    databaseUrl,
    clientDir: env.GW_CLIENT_DIR ?? new URL('../../client/dist', import.meta.url).pathname,
    secureCookies: env.GW_SECURE_COOKIES === '1',
  };
}
