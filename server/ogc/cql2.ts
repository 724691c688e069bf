// CQL2 text (OGC API – Features Part 3), the basic subset plus LIKE, IN and BETWEEN, parsed by recursive descent
// into a tree. The tree names properties and holds literal values; turning it into SQL (and refusing unknown
// properties) is cql2-sql.ts's job, so nothing here ever becomes SQL text.
import { badRequest } from '../http/errors.ts';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'timestamp'; value: Date }
  | { kind: 'date'; value: string };

export type Operand = { kind: 'property'; name: string } | Literal;

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Cql2 =
  | { op: 'and' | 'or'; args: Cql2[] }
  | { op: 'not'; arg: Cql2 }
  | { op: 'compare'; cmp: ComparisonOp; left: Operand; right: Operand }
  | { op: 'like'; negated: boolean; left: Operand; pattern: Operand }
  | { op: 'between'; negated: boolean; value: Operand; low: Operand; high: Operand }
  | { op: 'in'; negated: boolean; value: Operand; list: Operand[] }
  | { op: 'isNull'; negated: boolean; value: Operand }
  | { op: 'literal'; value: boolean };

type Token =
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; text: string; at: number }
  | { type: 'ident'; text: string; quoted: boolean; at: number }
  | { type: 'punct'; text: string; at: number }
  | { type: 'end'; text: ''; at: number };

const invalid = (message: string, at: number) =>
  badRequest('invalid_filter', `Invalid CQL2 filter at character ${at + 1}: ${message}`, { position: at + 1 });

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    if (c === "'") {
      // A quote inside a string is written twice, as in SQL.
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw invalid('unterminated string', at);
        if (src[i] === "'") {
          if (src[i + 1] === "'") { text += "'"; i += 2; continue; }
          i++;
          break;
        }
        text += src[i++];
      }
      tokens.push({ type: 'string', text, at });
    } else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw invalid('unterminated quoted property name', at);
      tokens.push({ type: 'ident', text: src.slice(i + 1, end), quoted: true, at });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? '')) ||
               (c === '-' && /[0-9.]/.test(src[i + 1] ?? '') && startsOperand(tokens))) {
      const m = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      tokens.push({ type: 'number', text: m[0], at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(src.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], quoted: false, at });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=') { tokens.push({ type: 'punct', text: two, at }); i += 2; continue; }
      if ('=<>(),'.includes(c)) { tokens.push({ type: 'punct', text: c, at }); i++; continue; }
      throw invalid(`unexpected character "${c}"`, at);
    }
  }
  tokens.push({ type: 'end', text: '', at: src.length });
  return tokens;
}

/** A minus sign is a sign (not an operator: CQL2 basic has no arithmetic) where an operand may start. */
function startsOperand(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !last || last.type === 'punct' || (last.type === 'ident' && !last.quoted && KEYWORDS.has(last.text.toUpperCase()));
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'DATE', 'TIMESTAMP']);
const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

class Parser {
  private pos = 0;
  /** Nesting so far: a filter nested deeper than any person writes is refused before it can exhaust the stack. */
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token { return this.tokens[this.pos]; }
  private next(): Token { return this.tokens[this.pos++]; }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t?.type === 'ident' && !t.quoted && t.text.toUpperCase() === word;
  }

  private keyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.pos++;
    return true;
  }

  private expectPunct(text: string): void {
    const t = this.next();
    if (t.type !== 'punct' || t.text !== text) throw invalid(`expected "${text}"${found(t)}`, t.at);
  }

  parse(): Cql2 {
    const tree = this.orExpr();
    const t = this.peek();
    if (t.type !== 'end') throw invalid(`unexpected${found(t)}`, t.at);
    return tree;
  }

  private orExpr(): Cql2 {
    const args = [this.andExpr()];
    while (this.keyword('OR')) args.push(this.andExpr());
    return args.length === 1 ? args[0] : { op: 'or', args };
  }

  private andExpr(): Cql2 {
    const args = [this.notExpr()];
    while (this.keyword('AND')) args.push(this.notExpr());
    return args.length === 1 ? args[0] : { op: 'and', args };
  }

  private notExpr(): Cql2 {
    const t = this.peek();
    if (++this.depth > 100) throw invalid('nested more than 100 deep', t.at);
    try {
      if (this.keyword('NOT')) return { op: 'not', arg: this.notExpr() };
      return this.primary();
    } finally {
      this.depth--;
    }
  }

  private primary(): Cql2 {
    const t = this.peek();
    if (t.type === 'punct' && t.text === '(') {
      this.pos++;
      const inner = this.orExpr();
      this.expectPunct(')');
      return inner;
    }
    const left = this.operand();
    // TRUE or FALSE on its own is a predicate too.
    if (left.kind === 'boolean' && !this.startsPredicateTail()) return { op: 'literal', value: left.value };
    return this.predicate(left);
  }

  private startsPredicateTail(): boolean {
    const t = this.peek();
    return (t.type === 'punct' && COMPARISONS.has(t.text)) ||
      ['LIKE', 'BETWEEN', 'IN', 'IS'].some((k) => this.isKeyword(k)) ||
      (this.isKeyword('NOT') && ['LIKE', 'BETWEEN', 'IN'].some((k) => this.isKeyword(k, 1)));
  }

  private predicate(left: Operand): Cql2 {
    const t = this.peek();
    if (t.type === 'punct' && COMPARISONS.has(t.text)) {
      this.pos++;
      return { op: 'compare', cmp: t.text as ComparisonOp, left, right: this.operand() };
    }
    if (this.keyword('IS')) {
      const negated = this.keyword('NOT');
      if (!this.keyword('NULL')) throw invalid(`expected NULL after IS${found(this.peek())}`, this.peek().at);
      return { op: 'isNull', negated, value: left };
    }
    const negated = this.keyword('NOT');
    if (this.keyword('LIKE')) return { op: 'like', negated, left, pattern: this.operand() };
    if (this.keyword('BETWEEN')) {
      const low = this.operand();
      if (!this.keyword('AND')) throw invalid(`expected AND in BETWEEN${found(this.peek())}`, this.peek().at);
      return { op: 'between', negated, value: left, low, high: this.operand() };
    }
    if (this.keyword('IN')) {
      this.expectPunct('(');
      const list = [this.operand()];
      while (this.peek().type === 'punct' && this.peek().text === ',') {
        this.pos++;
        list.push(this.operand());
      }
      this.expectPunct(')');
      return { op: 'in', negated, value: left, list };
    }
    const u = this.peek();
    throw invalid(`expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL)${found(u)}`, u.at);
  }

  private operand(): Operand {
    const t = this.next();
    if (t.type === 'string') return { kind: 'string', value: t.text };
    if (t.type === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw invalid(`bad number ${t.text}`, t.at);
      return { kind: 'number', value };
    }
    if (t.type === 'ident') {
      if (t.quoted) return { kind: 'property', name: t.text };
      const word = t.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
      if (word === 'TIMESTAMP' || word === 'DATE') return this.instant(word, t.at);
      if (KEYWORDS.has(word)) throw invalid(`expected a property or a value, found ${word}`, t.at);
      return { kind: 'property', name: t.text };
    }
    throw invalid(`expected a property or a value${found(t)}`, t.at);
  }

  private instant(word: 'TIMESTAMP' | 'DATE', at: number): Literal {
    this.expectPunct('(');
    const s = this.next();
    if (s.type !== 'string') throw invalid(`${word}( takes a quoted string`, s.at);
    this.expectPunct(')');
    if (word === 'DATE') {
      if (!DAY.test(s.text) || Number.isNaN(Date.parse(`${s.text}T00:00:00Z`))) throw invalid(`bad date '${s.text}'`, s.at);
      return { kind: 'date', value: s.text };
    }
    const d = new Date(s.text);
    if (!RFC3339.test(s.text) || Number.isNaN(d.getTime())) {
      throw invalid(`bad timestamp '${s.text}' (RFC 3339, e.g. 2024-05-01T08:00:00Z)`, at);
    }
    return { kind: 'timestamp', value: d };
  }
}

const found = (t: Token) => (t.type === 'end' ? ', found the end' : `, found "${t.type === 'string' ? `'${t.text}'` : t.text}"`);

/** Parses a CQL2 text filter, or throws a 400 invalid_filter that says where it went wrong. */
export function parseCql2(text: string): Cql2 {
  if (text.trim() === '') throw badRequest('invalid_filter', 'The filter is empty.');
  if (text.length > 10_000) throw badRequest('invalid_filter', 'The filter is longer than 10,000 characters.');
  return new Parser(tokenize(text)).parse();
}
