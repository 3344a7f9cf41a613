import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

/** An Ed25519 public key as an OKP JWK (RFC 8037). Never carries `d`. */
export interface OkpPublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** A JWK as parsed from JSON; only the members RFC 7638 needs are typed. */
export type Jwk = { kty: string } & Record<string, unknown>;

// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410); the 32 raw bytes follow.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Generates a fresh Ed25519 key pair as node:crypto KeyObjects. */
export function generateEd25519KeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

/** Builds an Ed25519 private KeyObject from its 32-byte seed (RFC 8032 private key). */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Builds an Ed25519 public KeyObject from its 32 raw bytes. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Returns the 32 raw public key bytes of an Ed25519 key (public or private KeyObject). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  return Buffer.from(publicJwkFromKeyObject(key).x, 'base64url');
}

/** Exports the public half of an Ed25519 KeyObject as an OKP JWK; private material is never included. */
export function publicJwkFromKeyObject(key: KeyObject): OkpPublicJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 key, got ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  }
  const jwk = publicKey.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string };
}

// RFC 7638 section 3.2: the required members of each key type, in lexicographic order.
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = {
  OKP: ['crv', 'kty', 'x'],
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};

/** Computes the RFC 7638 JWK thumbprint (SHA-256, base64url) of a public or private JWK. */
export function jwkThumbprint(jwk: Jwk): string {
  const members = THUMBPRINT_MEMBERS[jwk.kty];
  if (!members) throw new Error(`no thumbprint rule for kty ${jwk.kty}`);
  const canonical: Record<string, unknown> = {};
  for (const name of members) {
    const value = jwk[name];
    if (typeof value !== 'string') throw new Error(`JWK member ${name} is missing`);
    canonical[name] = value;
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}
