import fc from 'fast-check';
import { parseIJson } from './envelope-json.util';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseIJson', () => {
  it('parses I-JSON, including escaped pairs, nested objects that reuse names, and escaped quotes', () => {
    const text = '{"a":{"a":1,"b":[{"a":2}]},"b":"x\\"y","c":"\\ud834\\udd1e","d\\u0041":null}';
    expect(parseIJson(bytes(text))).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it.each([
    ['a duplicate member name', '{"amount":"1","amount":"1250"}', 'has a duplicate member name "amount"'],
    [
      'a duplicate written with an escape',
      '{"amount":"1","\\u0061mount":"1250"}',
      'has a duplicate member name "amount"',
    ],
    ['a duplicate after a nested object', '{"a":{"b":1},"a":2}', 'has a duplicate member name "a"'],
    ['a duplicate inside an array element', '[{"a":1,"a":1}]', 'has a duplicate member name "a"'],
    ['a lone high surrogate', '["\\ud800"]', 'contains a lone surrogate'],
    ['a lone low surrogate', '["\\udc00"]', 'contains a lone surrogate'],
    ['a high surrogate before a letter', '["\\ud800a\\udc00"]', 'contains a lone surrogate'],
    ['two high surrogates', '["\\ud800\\ud800\\udc00"]', 'contains a lone surrogate'],
    ['an escaped noncharacter', '["\\uFDD0"]', 'contains a Unicode noncharacter'],
    ['an escaped plane-16 noncharacter', '["\\udbff\\udfff"]', 'contains a Unicode noncharacter'],
    ['a raw noncharacter', '["\uffff"]', 'contains a Unicode noncharacter'],
    ['invalid JSON', '{"a":', 'is not JSON'],
  ])('refuses %s', (_label, text, problem) => {
    expect(parseIJson(bytes(text))).toEqual({ ok: false, problem });
  });

  it('refuses a byte order mark and bytes that are not UTF-8', () => {
    expect(parseIJson(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{}')]))).toEqual({
      ok: false,
      problem: 'starts with a byte order mark',
    });
    expect(parseIJson(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toEqual({
      ok: false,
      problem: 'is not UTF-8',
    });
  });

  it('agrees with JSON.parse on any JSON value without duplicate names', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const result = parseIJson(bytes(text));
        // fast-check's strings may hold lone surrogates or noncharacters, which I-JSON refuses.
        if (!result.ok) expect(result.problem).toMatch(/surrogate|noncharacter/);
        else expect(result.value).toEqual(JSON.parse(text));
      }),
    );
  });
});
