// The OpenAPI 3.1 description of the whole HTTP API, assembled from one module per area; a test holds it to the
// routes the application really has, both ways.
import { components } from './components.ts';
import { disasterPaths } from './disaster-paths.ts';
import { gridPaths } from './grid-paths.ts';
import { hazardPaths } from './hazard-paths.ts';
import { ogcPaths } from './ogc-paths.ts';
import type { Paths } from './operation.ts';
import { patrolPaths } from './patrol-paths.ts';
import { registerPaths } from './register-paths.ts';
import { sessionPaths } from './session-paths.ts';
import { noticePaths } from './notice-paths.ts';
import { tilePaths } from './tile-paths.ts';

function merge(...areas: Paths[]): Paths {
  const out: Paths = {};
  for (const area of areas) {
    for (const [path, item] of Object.entries(area)) {
      if (out[path]) throw new Error(`${path} is described twice`);
      out[path] = item;
    }
  }
  return out;
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'gridwatch',
      version: '0.1.0',
      summary: 'County safety supervision by micro-grids (微网格)',
      description: 'Errors always have the shape {error, code, details?}: 4xx for what the caller got wrong, 5xx only for '
        + 'our faults. Reads are scoped to the signed-in actor\'s jurisdiction.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    paths: merge(sessionPaths, gridPaths, hazardPaths, registerPaths, patrolPaths, disasterPaths, noticePaths, tilePaths, ogcPaths),
    components,
  };
}
