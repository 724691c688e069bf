// A parsed CQL2 filter as a SQL condition on a collection's output columns: identifiers only from the collection's
// fixed property list (an unknown one is a 400), values only as $n parameters with an explicit cast, so a value
// cannot change the query and a malformed one cannot reach PostgreSQL as an error of ours.
import { badRequest } from '../http/errors.ts';
import type { Collection, PropertyType } from './collections.ts';
import type { Cql2, Operand } from './cql2.ts';

/** The values of a query being built: add one, get its $n placeholder. */
export class SqlParams {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

type Kind = 'string' | 'numeric' | 'boolean' | 'time';

const KIND_OF: Record<PropertyType, Kind> = {
  'string': 'string', 'integer': 'numeric', 'number': 'numeric', 'boolean': 'boolean', 'date-time': 'time',
};

/** A property as SQL: the alias of the wrapped collection query and a name from its fixed list. */
export function column(collection: Collection, name: string): string {
  if (name === collection.key.column || Object.hasOwn(collection.properties, name)) return `src.${name}`;
  throw badRequest('unknown_property', `${collection.id} has no queryable property "${name}" (see its /queryables).`,
    { queryables: Object.keys(collection.properties) });
}

function kindOf(collection: Collection, o: Operand): Kind {
  switch (o.kind) {
    case 'property': {
      column(collection, o.name);
      const p = collection.properties[o.name];
      return p ? KIND_OF[p.type] : collection.key.type === 'integer' ? 'numeric' : 'string';
    }
    case 'string': return 'string';
    case 'number': return 'numeric';
    case 'boolean': return 'boolean';
    case 'timestamp': case 'date': return 'time';
  }
}

function operand(collection: Collection, o: Operand, params: SqlParams): string {
  switch (o.kind) {
    case 'property': return column(collection, o.name);
    case 'string': return params.add(o.value, 'text');
    case 'number': return params.add(o.value, 'numeric');
    case 'boolean': return params.add(o.value, 'boolean');
    case 'timestamp': return params.add(o.value, 'timestamptz');
    // A date against a time property stands for its first instant, in UTC as every time here.
    case 'date': return params.add(`${o.value}T00:00:00Z`, 'timestamptz');
  }
}

const describe = (o: Operand) => (o.kind === 'property' ? `"${o.name}"` : `a ${o.kind}`);

function sameKind(collection: Collection, a: Operand, b: Operand, what: string): Kind {
  const ka = kindOf(collection, a);
  const kb = kindOf(collection, b);
  if (ka !== kb) {
    const hint = ka === 'time' || kb === 'time' ? " Write times as TIMESTAMP('2024-05-01T08:00:00Z') or DATE('2024-05-01')." : '';
    throw badRequest('invalid_filter', `${what}: ${describe(a)} (${ka}) cannot be compared with ${describe(b)} (${kb}).${hint}`);
  }
  return ka;
}

/** The SQL condition for a filter tree, its values added to params. */
export function cql2ToSql(collection: Collection, node: Cql2, params: SqlParams): string {
  const recur = (n: Cql2) => cql2ToSql(collection, n, params);
  switch (node.op) {
    case 'and': case 'or':
      return `(${node.args.map(recur).join(` ${node.op} `)})`;
    case 'not':
      return `(not ${recur(node.arg)})`;
    case 'literal':
      return node.value ? 'true' : 'false';
    case 'compare':
      sameKind(collection, node.left, node.right, node.cmp);
      return `(${operand(collection, node.left, params)} ${node.cmp} ${operand(collection, node.right, params)})`;
    case 'like': {
      if (kindOf(collection, node.left) !== 'string' || kindOf(collection, node.pattern) !== 'string') {
        throw badRequest('invalid_filter', 'LIKE compares a text property with a text pattern (% any, _ one character).');
      }
      // CQL2's wildcards and escape (\) are PostgreSQL's own, so the pattern passes through as a value.
      return `(${operand(collection, node.left, params)} ${node.negated ? 'not like' : 'like'} ${operand(collection, node.pattern, params)})`;
    }
    case 'between': {
      const kind = sameKind(collection, node.value, node.low, 'BETWEEN');
      sameKind(collection, node.value, node.high, 'BETWEEN');
      if (kind !== 'numeric' && kind !== 'time') throw badRequest('invalid_filter', 'BETWEEN takes numbers or times.');
      return `(${operand(collection, node.value, params)} ${node.negated ? 'not between' : 'between'} `
        + `${operand(collection, node.low, params)} and ${operand(collection, node.high, params)})`;
    }
    case 'in': {
      for (const item of node.list) sameKind(collection, node.value, item, 'IN');
      const list = node.list.map((item) => operand(collection, item, params)).join(', ');
      return `(${operand(collection, node.value, params)} ${node.negated ? 'not in' : 'in'} (${list}))`;
    }
    case 'isNull':
      kindOf(collection, node.value);
      return `(${operand(collection, node.value, params)} is ${node.negated ? 'not ' : ''}null)`;
  }
}

/** A property filter from the query string (?status=closed): its text as a value of the property's type. */
export function propertyEquals(collection: Collection, name: string, raw: string, params: SqlParams): string {
  const col = column(collection, name);
  const type = collection.properties[name]?.type ?? (collection.key.type === 'integer' ? 'integer' : 'string');
  const bad = (what: string) => badRequest('invalid_parameter', `${name} must be ${what}, not "${raw}".`);
  switch (KIND_OF[type]) {
    case 'string': return `(${col} = ${params.add(raw, 'text')})`;
    case 'numeric':
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) throw bad('a number');
      return `(${col} = ${params.add(Number(raw), 'numeric')})`;
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('true or false');
      return `(${col} = ${params.add(raw === 'true', 'boolean')})`;
    case 'time': {
      const d = new Date(raw);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(d.getTime())) throw bad('an RFC 3339 time');
      return `(${col} = ${params.add(d, 'timestamptz')})`;
    }
  }
}
