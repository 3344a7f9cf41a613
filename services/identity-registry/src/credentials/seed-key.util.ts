import { createHash, hkdfSync, type KeyObject } from 'node:crypto';

import { ed25519PrivateKeyFromSeed } from '@dpi/did';

// Fixed salt: it versions the derivation, so a later scheme can change every key on purpose.
const SALT = 'dpi-city-sandbox/demo-city/v1';

/**
 * The Ed25519 key of `label` derived from the sandbox seed: HKDF-SHA256(ikm = seed, salt, info = label)
 * gives the 32-byte RFC 8032 private key. The same seed and label always give the same key (and so the
 * same did:dpi DID); different labels or seeds give unrelated keys.
 */
export function deriveSeedKey(seed: string, label: string): KeyObject {
  return ed25519PrivateKeyFromSeed(new Uint8Array(hkdfSync('sha256', seed, SALT, label, 32)));
}

/** A short public fingerprint of the seed, to tell seeds apart without revealing anything of them. */
export function seedFingerprint(seed: string): string {
  return createHash('sha256')
    .update(new Uint8Array(hkdfSync('sha256', seed, SALT, 'fingerprint', 32)))
    .digest('hex')
    .slice(0, 16);
}
