import { canonicalJson } from './canonical-json.util';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units and drops whitespace (RFC 8785 section 3.2.3 example)', () => {
    // The spec's sorting example: keys given out of order, including non-ASCII ones.
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the keys off the text: JSON.parse would move the integer-like key "1" first again.
    const order = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map(
      ([, key]) => JSON.parse(`"${key}"`) as string,
    );
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('serialises numbers and literals as ECMAScript does (RFC 8785 section 3.2.2 example)', () => {
    expect(
      canonicalJson({ numbers: [333333333.3333333, 1e30, 4.5, 0.002, 1e-27], literals: [null, true, false] }),
    ).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}');
  });

  it('is the same for objects that differ only in member order, and nests', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' })).toBe(
      canonicalJson({ a: 'x', b: [{ c: 2, d: 1 }] }),
    );
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[{"c":2,"d":1}]}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson(() => 1)).toThrow(/function/);
  });
});
