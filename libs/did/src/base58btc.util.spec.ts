import { base58btcDecode, base58btcEncode } from './base58btc.util';

describe('base58btc', () => {
  it('encodes the well-known "Hello World!" example and decodes it back', () => {
    const bytes = Buffer.from('Hello World!');
    expect(base58btcEncode(bytes)).toBe('2NEpo7TZRRrLZSi2U');
    expect(Buffer.from(base58btcDecode('2NEpo7TZRRrLZSi2U'))).toEqual(bytes);
  });

  it('keeps leading zero bytes as leading 1s', () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 255]);
    const text = base58btcEncode(bytes);
    expect(text.startsWith('11')).toBe(true);
    expect(base58btcDecode(text)).toEqual(bytes);
  });

  it('rejects characters outside the alphabet (0, O, I, l)', () => {
    expect(() => base58btcDecode('abc0')).toThrow(/invalid base58btc/);
    expect(() => base58btcDecode('Il')).toThrow(/invalid base58btc/);
  });
});
