import { describe, expect, it } from 'vitest';
import { bboxParam, intParam, unitCodeParam } from '../../server/http/params.ts';
import { expectHttpError } from '../support/expect-http-error.ts';


describe('intParam', () => {
  it('takes integers within range', () => {
    expect(intParam('z', '0', 0, 22)).toBe(0);
    expect(intParam('z', '22', 0, 22)).toBe(22);
  });
  it.each(['', 'x', '1.5', '1e3', ' 1', '0x10'])('rejects "%s" as not an integer', (raw) => {
    expectHttpError(() => intParam('z', raw, 0, 22), 400, 'invalid_parameter');
  });
  it('rejects values out of range', () => {
    expectHttpError(() => intParam('x', '256', 0, 255), 400, 'out_of_range');
    expectHttpError(() => intParam('x', '-1', 0, 255), 400, 'out_of_range');
  });
});

describe('bboxParam', () => {
  it('parses west,south,east,north', () => {
    expect(bboxParam('101.3,25.8,101.9,26.6')).toEqual([101.3, 25.8, 101.9, 26.6]);
  });
  it.each(['1,2,3', 'a,b,c,d', '10,0,5,1', '0,10,1,5', '-181,0,0,1', '0,0,0,91'])('rejects %s', (raw) => {
    expectHttpError(() => bboxParam(raw), 400, 'invalid_bbox');
  });
});

describe('unitCodeParam', () => {
  it.each(['532327', '532327101', '532327101201', '532327101201001', '53232710120100101'])('takes %s', (code) => {
    expect(unitCodeParam('unit', code)).toBe(code);
  });
  it.each(['5323', '5323271', '532327101201001011', 'abc', "532327' or 1=1"])('rejects %s', (code) => {
    expectHttpError(() => unitCodeParam('unit', code), 400, 'invalid_unit');
  });
});
