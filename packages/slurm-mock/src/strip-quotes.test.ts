import { describe, expect, it } from 'vitest';
import { matchesKeyword, parseOptionToken } from './keyword.js';
import { addToCharList, stripQuotes } from './strip-quotes.js';

describe('stripQuotes / addToCharList', () => {
  it('drops enclosing quotes, cuts after the closing one, backquotes stray quotes, lower-cases on request', () => {
    expect(stripQuotes('"My Project"', false)).toBe('My Project');
    expect(stripQuotes('"a b"rest', true)).toBe('a b');
    expect(stripQuotes("it's", false)).toBe('it`s');
    expect(stripQuotes('"unterminated', true)).toBe('unterminated');
  });

  it('splits comma lists, folds case and de-duplicates', () => {
    const list: string[] = [];
    addToCharList(list, '"A,b"');
    addToCharList(list, 'a,C');
    expect(list).toEqual(['a', 'b', 'c']);
  });
});

describe('sacctmgr keywords', () => {
  it('matches case-insensitive prefixes with a minimum length', () => {
    expect(matchesKeyword('grptresmin', 'GrpTRESMins', 7)).toBe(true);
    expect(matchesKeyword('grptresmin', 'GrpTRES', 7)).toBe(false);
    expect(matchesKeyword('sh', 'show', 3)).toBe(false);
    expect(matchesKeyword('SHOW', 'show', 3)).toBe(true);
  });

  it('splits key, operator and value at the first = / += / -=', () => {
    expect(parseOptionToken('qos+=a,b')).toEqual({
      raw: 'qos+=a,b',
      key: 'qos',
      op: '+',
      value: 'a,b',
      hasValue: true,
    });
    expect(parseOptionToken('GrpTRESMins=cpu=1')).toMatchObject({
      key: 'GrpTRESMins',
      op: '',
      value: 'cpu=1',
    });
    expect(parseOptionToken('where')).toMatchObject({ key: 'where', hasValue: false });
  });
});
