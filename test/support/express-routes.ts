// Every route an Express 5 application answers, read from its router stack: a mounted router's layer keeps the
// path it was mounted at (rawPath, router 2), and a route's layer its own path and methods. Paths come back in
// OpenAPI's template form (/:id → /{id}).
import type { Express } from 'express';

export interface ListedRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  name?: string;
}

const template = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function paths(raw: unknown): (string | RegExp)[] {
  if (raw === undefined) return [''];
  return (Array.isArray(raw) ? raw.flat(Infinity) : [raw]) as (string | RegExp)[];
}

function walk(stack: Layer[], prefix: string, out: ListedRoute[], opaque: string[]) {
  for (const layer of stack) {
    for (const p of paths(layer.rawPath ?? layer.route?.path)) {
      if (p instanceof RegExp) {
        opaque.push(`${prefix}${p}`);
        continue;
      }
      const full = `${prefix}${p === '/' ? '' : p}`;
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: template(full || '/') });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, full, out, opaque);
      }
    }
  }
}

/** The app's routes, and the routes it matches by a regular expression (which have no template to compare). */
export function listRoutes(app: Express): { routes: ListedRoute[]; regexps: string[] } {
  const routes: ListedRoute[] = [];
  const regexps: string[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', routes, regexps);
  return { routes, regexps };
}
