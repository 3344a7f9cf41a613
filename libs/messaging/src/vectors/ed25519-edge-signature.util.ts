// Ed25519 signatures that a correct signer never makes, built by hand for the vectors (test-only code).
import { createHash, type KeyObject } from 'node:crypto';
import { rawEd25519PublicKey } from '@dpi/did';

/** Group order L of Ed25519 (RFC 8032). */
export const ED25519_ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;
/** The encoding of the identity point (x = 0, y = 1): a point of small order. */
export const IDENTITY_POINT = Buffer.from([1, ...new Array<number>(31).fill(0)]);

function fromLittleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/** A 32-byte little-endian encoding of `n` (which must be below 2^256). */
export function littleEndian32(n: bigint): Buffer {
  const out = Buffer.alloc(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/**
 * A signature by `privateKey` whose R is the identity point: S = H(R || A || M) * a mod L. It satisfies
 * the verification equation [S]B = R + [H]A, so a verifier that does not refuse a small-order R accepts it.
 */
export function signWithIdentityR(privateKey: KeyObject, message: Buffer): Buffer {
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const digest = createHash('sha512').update(seed).digest();
  const clamped = Buffer.from(digest.subarray(0, 32));
  clamped[0] = (clamped[0] as number) & 248;
  clamped[31] = ((clamped[31] as number) & 127) | 64;
  const a = fromLittleEndian(clamped);
  const publicKey = rawEd25519PublicKey(privateKey);
  const h =
    fromLittleEndian(
      createHash('sha512')
        .update(Buffer.concat([IDENTITY_POINT, publicKey, message]))
        .digest(),
    ) % ED25519_ORDER;
  return Buffer.concat([IDENTITY_POINT, littleEndian32((h * a) % ED25519_ORDER)]);
}

/** The same signature with S + L in place of S: same verification equation, S not below the order. */
export function withUnreducedS(signature: Buffer): Buffer {
  return Buffer.concat([
    signature.subarray(0, 32),
    littleEndian32(fromLittleEndian(signature.subarray(32)) + ED25519_ORDER),
  ]);
}
