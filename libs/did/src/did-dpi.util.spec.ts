import { createHash } from 'node:crypto';
import { base58btcEncode } from './base58btc.util';
import { didDpiFromPublicKey, isDidDpi } from './did-dpi.util';
import { ed25519PrivateKeyFromSeed, generateEd25519KeyPair, rawEd25519PublicKey } from './ed25519-key.util';

// Inception keys from the did:key spec's seeds 0 and 1 (test-vectors/ed25519-x25519.json); these DIDs
// are the examples of contracts/specs/did-method.md.
const VECTORS = [
  ['0000000000000000000000000000000000000000000000000000000000000000', 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB'],
  ['0000000000000000000000000000000000000000000000000000000000000001', 'did:dpi:QTkAD4spRzkpxBtMw8Zc7L'],
] as const;

describe('did:dpi identifiers', () => {
  it.each(VECTORS)('derives the method spec example for seed %s', (seed, did) => {
    expect(didDpiFromPublicKey(ed25519PrivateKeyFromSeed(Buffer.from(seed, 'hex')))).toBe(did);
  });

  it('is base58btc of the first 16 bytes of SHA-256(0xed01 || public key), the same for either half of the pair', () => {
    const { publicKey, privateKey } = generateEd25519KeyPair();
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0xed, 0x01]), rawEd25519PublicKey(publicKey)]))
      .digest();
    expect(didDpiFromPublicKey(publicKey)).toBe(`did:dpi:${base58btcEncode(digest.subarray(0, 16))}`);
    expect(didDpiFromPublicKey(privateKey)).toBe(didDpiFromPublicKey(publicKey));
    expect(isDidDpi(didDpiFromPublicKey(publicKey))).toBe(true);
  });

  it.each([
    ['did:dpi:LeeSNtAvGgEYGxjDCvrdV0', 'a character outside base58btc'],
    ['did:dpi:LeeSNtAvGgEYGxjDCvrd', 'too short (fewer than 16 bytes)'],
    ['did:dpi:LeeSNtAvGgEYGxjDCvrdVBLeeSNt', 'too long'],
    ['did:dpi:zzzzzzzzzzzzzzzzzzzzzz', 'more than 16 bytes'],
    ['did:key:LeeSNtAvGgEYGxjDCvrdVB', 'another method'],
    ['did:dpi:LeeSNtAvGgEYGxjDCvrdVB:x', 'an extra segment'],
  ])('refuses %s (%s)', (did) => {
    expect(isDidDpi(did)).toBe(false);
  });
});
