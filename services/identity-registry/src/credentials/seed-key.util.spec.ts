import { createHash, hkdfSync } from 'node:crypto';

import { didDpiFromPublicKey, rawEd25519PublicKey } from '@dpi/did';

import { deriveSeedKey, seedFingerprint } from './seed-key.util';

const SEED = 'unit-test seed of sixteen+ characters';

describe('deriveSeedKey', () => {
  it('is HKDF-SHA256(seed, salt "dpi-city-sandbox/demo-city/v1", info label) as the Ed25519 private key', () => {
    const expected = Buffer.from(
      hkdfSync('sha256', SEED, 'dpi-city-sandbox/demo-city/v1', 'demo-city/city', 32),
    );
    const jwk = deriveSeedKey(SEED, 'demo-city/city').export({ format: 'jwk' });
    expect(Buffer.from(jwk.d as string, 'base64url')).toEqual(expected);
  });

  it('gives the same key (and DID) for the same seed and label, different ones otherwise', () => {
    const did = (seed: string, label: string) => didDpiFromPublicKey(deriveSeedKey(seed, label));
    expect(did(SEED, 'demo-city/city')).toBe(did(SEED, 'demo-city/city'));
    expect(did(SEED, 'demo-city/city')).not.toBe(did(SEED, 'demo-city/central-bank'));
    expect(did(SEED, 'demo-city/city')).not.toBe(did(`${SEED}.`, 'demo-city/city'));
    expect(rawEd25519PublicKey(deriveSeedKey(SEED, 'x'))).toHaveLength(32);
  });
});

describe('seedFingerprint', () => {
  it('is 16 hex characters, stable per seed, and not a plain hash of the seed', () => {
    expect(seedFingerprint(SEED)).toMatch(/^[0-9a-f]{16}$/);
    expect(seedFingerprint(SEED)).toBe(seedFingerprint(SEED));
    expect(seedFingerprint(SEED)).not.toBe(seedFingerprint(`${SEED}!`));
    expect(createHash('sha256').update(SEED).digest('hex')).not.toContain(seedFingerprint(SEED));
  });
});
