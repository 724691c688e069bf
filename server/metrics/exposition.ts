/**
 * Prometheus text expositions of several serving processes as one: every sample gets a `process` label (the serving
 * process's slot, 1…N, kept by its replacement), and each family's HELP and TYPE lines appear once, with the samples
 * of every process under them, as the format requires. Summing over processes is left to the query
 * (`sum without (process) (…)`): a histogram or a gauge such as the listener's state reads best per process.
 */
export interface ExpositionPart {
  process: number;
  text: string;
}

interface Family {
  head: string[];
  samples: string[];
}

export function mergeExpositions(parts: readonly ExpositionPart[]): string {
  const families = new Map<string, Family>();
  const familyOf = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { head: [], samples: [] }));
    return f;
  };
  for (const { process, text } of parts) {
    let current: Family | null = null;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        current = familyOf(meta[2]);
        if (!current.head.some((h) => h.startsWith(`# ${meta[1]} `))) current.head.push(line);
        continue;
      }
      if (line.startsWith('#')) continue;
      // A sample: name, optional {labels}, value. Histogram samples (_bucket, _sum, _count) follow their family's TYPE.
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (.*)$/.exec(line);
      if (!m) continue;
      const labels = m[3] ? `process="${process}",${m[3]}` : `process="${process}"`;
      (current ?? familyOf(m[1])).samples.push(`${m[1]}{${labels}} ${m[4]}`);
    }
  }
  return [...families.values()].map((f) => [...f.head, ...f.samples].join('\n')).join('\n') + '\n';
}
