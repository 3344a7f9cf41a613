import {
  decodeStatusList,
  encodeStatusList,
  getBit,
  postgresBitPosition,
  setBit,
  STATUS_LIST_LENGTH,
} from './bitstring.util';

// Bitstring Status List 1.0, "Example BitstringStatusListCredential": 131,072 entries, none set.
const SPEC_EXAMPLE_ENCODED_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('Bitstring Status List encoding', () => {
  it("decodes the specification's example to 16 KiB of unset bits", () => {
    const bits = decodeStatusList(SPEC_EXAMPLE_ENCODED_LIST);
    expect(bits.length * 8).toBe(STATUS_LIST_LENGTH);
    expect(bits.every((byte) => byte === 0)).toBe(true);
  });

  it("encodes an empty list of 131,072 entries exactly as the specification's example", () => {
    expect(encodeStatusList(new Uint8Array(STATUS_LIST_LENGTH / 8))).toBe(SPEC_EXAMPLE_ENCODED_LIST);
  });

  it('puts index 0 at the left-most bit and the last index at the right-most bit', () => {
    const bits = new Uint8Array(STATUS_LIST_LENGTH / 8);
    setBit(bits, 0, true);
    expect(bits[0]).toBe(0b1000_0000);
    setBit(bits, 7, true);
    expect(bits[0]).toBe(0b1000_0001);
    setBit(bits, STATUS_LIST_LENGTH - 1, true);
    expect(bits[bits.length - 1]).toBe(0b0000_0001);
    setBit(bits, 0, false);
    expect(bits[0]).toBe(0b0000_0001);
  });

  it('round-trips set bits through GZIP and base64url with the multibase u prefix', () => {
    const bits = new Uint8Array(STATUS_LIST_LENGTH / 8);
    for (const index of [0, 1, 94_567, 23_452, STATUS_LIST_LENGTH - 1]) setBit(bits, index, true);
    const encoded = encodeStatusList(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const decoded = decodeStatusList(encoded);
    expect([0, 1, 2, 94_567, 23_452, 23_453, STATUS_LIST_LENGTH - 1].map((i) => getBit(decoded, i))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('maps a spec index to the bit PostgreSQL set_bit numbers from the right of each byte', () => {
    expect([0, 7, 8, 15, 94_567].map(postgresBitPosition)).toEqual([7, 0, 15, 8, 94_560]);
    // The mapping is its own inverse.
    expect(postgresBitPosition(postgresBitPosition(12_345))).toBe(12_345);
  });

  it('refuses indexes outside the list and encodings that are not multibase base64url GZIP', () => {
    const bits = new Uint8Array(16);
    expect(() => getBit(bits, 128)).toThrow(RangeError);
    expect(() => setBit(bits, -1, true)).toThrow(RangeError);
    expect(() => decodeStatusList(SPEC_EXAMPLE_ENCODED_LIST.slice(1))).toThrow(/multibase/);
    expect(() => decodeStatusList('u+/=')).toThrow(/multibase/);
    expect(() => decodeStatusList(`u${Buffer.from('not gzip').toString('base64url')}`)).toThrow();
  });
});
