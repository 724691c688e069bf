import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * MapLibre needs SDF glyphs for Latin text and digits; with no font server these ship with the app, taken from
 * tileserver-gl-styles (Noto Sans, SIL Open Font License 1.1) and served at /fonts/{fontstack}/{range}.pbf. All 256
 * ranges go in (2 MB on disk, fetched only when a label needs one), so no glyph request ever 404s. CJK labels are
 * drawn from the browser's local fonts instead (localIdeographFontFamily in client/map/create-map.ts).
 */
function shippedGlyphs(): Plugin {
  const FONTSTACK = 'Noto Sans Regular';
  const dir = fileURLToPath(new URL(`./node_modules/tileserver-gl-styles/fonts/${FONTSTACK}/`, import.meta.url));
  const prefix = `/fonts/${FONTSTACK}/`;
  return {
    name: 'gridwatch:shipped-glyphs',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        const range = path.startsWith(prefix) ? path.slice(prefix.length) : '';
        if (!/^\d+-\d+\.pbf$/.test(range)) return next();
        try {
          const body = readFileSync(dir + range);
          res.setHeader('Content-Type', 'application/x-protobuf');
          res.end(body);
        } catch {
          next();
        }
      });
    },
    // Copied after the bundle is written rather than emitted as assets, so the build log is not 256 font lines long.
    writeBundle(options) {
      const out = join(options.dir ?? '', 'fonts', FONTSTACK);
      cpSync(dir, out, { recursive: true, filter: (src) => src === dir || src.endsWith('.pbf') });
      this.info(`copied ${readdirSync(out).length} glyph ranges of ${FONTSTACK} to ${out}`);
    },
  };
}

export default defineConfig({
  root: 'client',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; it is one chunk the map cannot do without, not bloat to split.
    chunkSizeWarningLimit: 1200,
  },
  // The API on the dev server's origin. The Host header is kept (changeOrigin false) because the server writes TileJSON
  // tile URLs from it: they must point back here, where the session cookie is, not at port 8080.
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
      '/tiles': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
  plugins: [shippedGlyphs()],
});
