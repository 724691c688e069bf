// Settings read once from the environment. Scripts export DATABASE_URL for the managed cluster.
export interface Config {
  port: number;
  databaseUrl: string;
  /** Folder of the built client, served as static files. */
  clientDir: string;
  /** Cookies marked Secure only when served over HTTPS (a county intranet often is not). */
  secureCookies: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: start the server with ./scripts/start.sh, which provisions the database');
  }
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    databaseUrl,
    clientDir: env.GW_CLIENT_DIR ?? new URL('../../client/dist', import.meta.url).pathname,
    secureCookies: env.GW_SECURE_COOKIES === '1',
  };
}
