import { describe, expect, it } from 'vitest';
import { collections } from '../../server/ogc/collections.ts';
import { parseCql2 } from '../../server/ogc/cql2.ts';
import { cql2ToSql, SqlParams } from '../../server/ogc/cql2-sql.ts';
import { datetimeParam, itemsRequest, limitParam } from '../../server/ogc/item-params.ts';
import { expectHttpError } from '../support/expect-http-error.ts';

const hazard = collections.get('hazard')!;

const sql = (text: string) => {
  const params = new SqlParams(['532327101']);
  return { where: cql2ToSql(hazard, parseCql2(text), params), values: params.values.slice(1) };
};

describe('parseCql2', () => {
  it('binds AND tighter than OR, and NOT tighter than AND', () => {
    expect(parseCql2("a = 1 OR b = 2 AND NOT c = 3")).toEqual({
      op: 'or',
      args: [
        { op: 'compare', cmp: '=', left: { kind: 'property', name: 'a' }, right: { kind: 'number', value: 1 } },
        { op: 'and', args: [
          { op: 'compare', cmp: '=', left: { kind: 'property', name: 'b' }, right: { kind: 'number', value: 2 } },
          { op: 'not', arg: { op: 'compare', cmp: '=', left: { kind: 'property', name: 'c' }, right: { kind: 'number', value: 3 } } },
        ] },
      ],
    });
  });

  it('reads every comparison, keywords in any case, and quoted names and strings', () => {
    for (const cmp of ['=', '<>', '<', '<=', '>', '>=']) {
      expect(parseCql2(`x ${cmp} -2.5e1`)).toMatchObject({ op: 'compare', cmp, right: { kind: 'number', value: -25 } });
    }
    expect(parseCql2(`"name" like 'O''Brien%'`)).toEqual({
      op: 'like', negated: false, left: { kind: 'property', name: 'name' }, pattern: { kind: 'string', value: "O'Brien%" },
    });
    expect(parseCql2('x not between 1 and 5')).toMatchObject({ op: 'between', negated: true });
    expect(parseCql2("s NOT IN ('a', 'b')")).toMatchObject({ op: 'in', negated: true, list: [{ value: 'a' }, { value: 'b' }] });
    expect(parseCql2('d IS NOT NULL')).toMatchObject({ op: 'isNull', negated: true });
    expect(parseCql2("t > TIMESTAMP('2024-05-01T08:00:00+08:00')")).toMatchObject({
      right: { kind: 'timestamp', value: new Date('2024-05-01T00:00:00Z') },
    });
    expect(parseCql2("t >= DATE('2024-05-01')")).toMatchObject({ right: { kind: 'date', value: '2024-05-01' } });
    expect(parseCql2('((TRUE))')).toEqual({ op: 'literal', value: true });
  });

  it.each([
    ['', 'empty'],
    ["status = 'open", 'unterminated string'],
    ['status =', 'the end'],
    ['status == 1', '"="'],
    ["(status = 'a'", 'expected ")"'],
    ['status IS 1', 'expected NULL'],
    ['x BETWEEN 1 OR 2', 'expected AND'],
    ["t > TIMESTAMP('yesterday')", 'bad timestamp'],
    ["t > DATE('2024-13-45')", 'bad date'],
    ['status = 1; drop table hazard', 'unexpected character ";"'],
    ['AND = 1', 'found AND'],
    [`${'('.repeat(200)}a = 1${')'.repeat(200)}`, 'nested more than 100 deep'],
  ])('refuses %j with a 400 that says why', (text, why) => {
    const err = expectHttpError(() => parseCql2(text), 400, 'invalid_filter');
    expect(err.message).toContain(why);
  });
});

describe('cql2ToSql', () => {
  it('names only whitelisted columns and passes every value as a typed parameter', () => {
    expect(sql("status = 'closed' AND severity IN ('major', 'general')")).toEqual({
      where: "((src.status = $2::text) and (src.severity in ($3::text, $4::text)))",
      values: ['closed', 'major', 'general'],
    });
    expect(sql('escalation_level BETWEEN 1 AND 3 OR NOT overdue = TRUE')).toEqual({
      where: '((src.escalation_level between $2::numeric and $3::numeric) or (not (src.overdue = $4::boolean)))',
      values: [1, 3, true],
    });
    expect(sql("description LIKE '%水%' AND closed_at IS NULL")).toEqual({
      where: "((src.description like $2::text) and (src.closed_at is null))",
      values: ['%水%'],
    });
    expect(sql("reported_at >= DATE('2024-05-01')").values).toEqual(['2024-05-01T00:00:00Z']);
  });

  it('keeps a hostile value a value', () => {
    const { where, values } = sql(`description = 'x''); drop table hazard; --'`);
    expect(where).toBe('(src.description = $2::text)');
    expect(values).toEqual(["x'); drop table hazard; --"]);
  });

  it('refuses a property the collection does not have, even one its query reads', () => {
    const err = expectHttpError(() => sql("geom = 'x'"), 400, 'unknown_property');
    expect(err.details).toMatchObject({ queryables: expect.arrayContaining(['status', 'reported_at']) });
    expectHttpError(() => sql('"src.id; --" = 1'), 400, 'unknown_property');
  });

  it('refuses comparisons of different kinds', () => {
    expectHttpError(() => sql("reported_at > '2024-01-01'"), 400, 'invalid_filter');
    expectHttpError(() => sql("escalation_level = '1'"), 400, 'invalid_filter');
    expectHttpError(() => sql('status LIKE 1'), 400, 'invalid_filter');
    expectHttpError(() => sql("status BETWEEN 'a' AND 'b'"), 400, 'invalid_filter');
    expectHttpError(() => sql("status IN ('a', 2)"), 400, 'invalid_filter');
  });
});

describe('items parameters', () => {
  it('reads datetime instants, closed and open intervals; a date as a whole UTC day', () => {
    expect(datetimeParam('2024-05-01T08:00:00Z')).toEqual({
      from: { at: new Date('2024-05-01T08:00:00Z'), exclusive: false }, to: { at: new Date('2024-05-01T08:00:00Z'), exclusive: false },
    });
    expect(datetimeParam('2024-05-01')).toEqual({
      from: { at: new Date('2024-05-01T00:00:00Z'), exclusive: false }, to: { at: new Date('2024-05-02T00:00:00Z'), exclusive: true },
    });
    expect(datetimeParam('../2024-05-01T00:00:00Z')).toMatchObject({ from: null });
    expect(datetimeParam('2024-05-01/')).toMatchObject({ to: null });
    for (const bad of ['yesterday', '../..', '2024-05-02/2024-05-01', 'a/b/c', '2024-05-01T08:00']) {
      expectHttpError(() => datetimeParam(bad), 400, 'invalid_datetime');
    }
  });

  it('defaults limit to 100, caps it at 10,000 and refuses nonsense', () => {
    expect(limitParam(undefined)).toBe(100);
    expect(limitParam('20000')).toBe(10_000);
    for (const bad of ['0', '-1', '1.5', 'ten']) expectHttpError(() => limitParam(bad), 400, 'invalid_limit');
  });

  it('refuses unknown parameters, languages and CRSs, and datetime on a collection without time', () => {
    const grid = collections.get('grid')!;
    expectHttpError(() => itemsRequest(hazard, { stauts: 'closed' }, ['']), 400, 'unknown_parameter');
    expectHttpError(() => itemsRequest(hazard, { filter: 'x', 'filter-lang': 'cql2-json' }, ['']), 400, 'invalid_filter_lang');
    expectHttpError(() => itemsRequest(hazard, { 'bbox-crs': 'EPSG:3857' }, ['']), 400, 'unsupported_crs');
    expectHttpError(() => itemsRequest(grid, { datetime: '2024-05-01' }, ['', '']), 400, 'invalid_datetime');
    expectHttpError(() => itemsRequest(hazard, { escalation_level: 'high' }, ['']), 400, 'invalid_parameter');
  });

  it('puts an interval collection\'s period on both its ends', () => {
    const patrol = collections.get('patrol')!;
    const r = itemsRequest(patrol, { datetime: '2024-05-01T00:00:00Z/2024-05-02' }, ['532327']);
    expect(r.where).toBe('src.ended_at >= $2::timestamptz and src.started_at < $3::timestamptz');
    expect(r.params.values).toEqual(['532327', new Date('2024-05-01T00:00:00Z'), new Date('2024-05-03T00:00:00Z')]);
  });
});
