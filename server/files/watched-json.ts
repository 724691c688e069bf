// Data files under data/ (checklists, duties) are edited without touching code: each is parsed once and again
// whenever its modification time changes.
import { readFileSync, statSync } from 'node:fs';

export function watchedJson<T>(file: URL, parse: (data: unknown) => T): () => T {
  let cache: { mtimeMs: number; value: T } | null = null;
  return () => {
    const { mtimeMs } = statSync(file);
    if (!cache || cache.mtimeMs !== mtimeMs) cache = { mtimeMs, value: parse(JSON.parse(readFileSync(file, 'utf8'))) };
    return cache.value;
  };
}
