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

// Little-endian encodings of the Ed25519 (RFC 8032) field prime p = 2^255 - 19 and group order
// L = 2^252 + 27742317777372353535851937790883648493.
const FIELD_P = Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex');
const GROUP_ORDER_L = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex');
// The y-coordinates of the 8 points of small order (order 1, 2, 4 or 8): 0, 1, p-1 and the two y of the
// order-8 points (whose sum is p). Compared with the sign bit cleared, they cover every small-order
// encoding with y < p, including those with x = 0 and the sign bit set.
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
].map((hex) => Buffer.from(hex, 'hex'));

/** Compares two 32-byte little-endian numbers: negative, zero or positive like a - b. */
function compareLittleEndian(a: Uint8Array, b: Uint8Array): number {
  for (let i = 31; i >= 0; i--) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Why a 32-byte Ed25519 point encoding (a public key, or a signature's R) is unusable: not canonical
 * (y >= p) or of small order (with such a public key anyone can forge a signature). undefined when it is
 * neither. node:crypto verifies with such points, so callers check before verifying.
 */
export function ed25519PointEncodingProblem(encoded: Uint8Array): string | undefined {
  if (encoded.length !== 32) return 'an Ed25519 point is 32 bytes';
  const y = Buffer.from(encoded);
  y[31] = (y[31] as number) & 0x7f;
  if (compareLittleEndian(y, FIELD_P) >= 0) return 'a non-canonical Ed25519 point encoding (y >= p)';
  if (SMALL_ORDER_Y.some((small) => small.equals(y))) return 'an Ed25519 point of small order';
  return undefined;
}

/** Why a 64-byte Ed25519 signature is refused before verification: R unusable, or S not below L. */
export function ed25519SignatureProblem(signature: Uint8Array): string | undefined {
  if (signature.length !== 64) return 'an Ed25519 signature is 64 bytes';
  const r = ed25519PointEncodingProblem(signature.subarray(0, 32));
  if (r) return `R is ${r}`;
  if (compareLittleEndian(signature.subarray(32), GROUP_ORDER_L) >= 0)
    return 'S is not below the group order';
  return undefined;
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
