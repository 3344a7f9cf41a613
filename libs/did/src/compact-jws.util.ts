import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.util';

/** The JWS `alg` values of Ed25519: RFC 9864's fully specified name, and RFC 8037's older `EdDSA`. */
export const ED25519_ALGORITHMS = ['Ed25519', 'EdDSA'] as const;

/** An Ed25519 JWS algorithm name. */
export type Ed25519Algorithm = (typeof ED25519_ALGORITHMS)[number];

/** The protected header members this project reads; others are kept but not interpreted. */
export interface JwsHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [member: string]: unknown;
}

/** A compact JWS that is malformed or whose signature does not verify; the message says which. */
export class JwsError extends Error {}

/** A compact JWS split into its parts (nothing verified yet). */
export interface ParsedJws {
  header: JwsHeader;
  payload: Buffer;
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Whether `alg` names Ed25519 (`Ed25519` or the deprecated `EdDSA`). */
export function isEd25519Algorithm(alg: unknown): alg is Ed25519Algorithm {
  return alg === 'Ed25519' || alg === 'EdDSA';
}

/** The JWS signing input `BASE64URL(header) "." BASE64URL(payload)`; the header is canonical JSON. */
export function jwsSigningInput(header: JwsHeader, payload: Uint8Array | string): string {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  return `${Buffer.from(canonicalJson(header), 'utf8').toString('base64url')}.${bytes.toString('base64url')}`;
}

/** Signs `payload` as a compact JWS with an Ed25519 private KeyObject; `alg` defaults to `Ed25519`. */
export function signCompactJws(
  header: Omit<JwsHeader, 'alg'> & { alg?: Ed25519Algorithm },
  payload: Uint8Array | string,
  privateKey: KeyObject,
): string {
  const signingInput = jwsSigningInput({ ...header, alg: header.alg ?? 'Ed25519' }, payload);
  return `${signingInput}.${sign(null, Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url')}`;
}

/** Splits a compact JWS and decodes its header; throws JwsError when it is not one. */
export function parseCompactJws(jws: string): ParsedJws {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((part) => !BASE64URL.test(part)))
    throw new JwsError('not a compact JWS (three base64url parts separated by dots)');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
  } catch {
    throw new JwsError('the JWS protected header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new JwsError('the JWS protected header is not a JSON object');
  const typed = header as JwsHeader;
  if (typeof typed.alg !== 'string') throw new JwsError('the JWS protected header has no alg');
  return {
    header: typed,
    payload: Buffer.from(encodedPayload, 'base64url'),
    signingInput: `${encodedHeader}.${encodedPayload}`,
    signature: Buffer.from(encodedSignature, 'base64url'),
  };
}

/**
 * Verifies a compact Ed25519 JWS with a node:crypto public key and returns its header and payload.
 * Refuses any other `alg`, a `crit` header (no extension is understood) and a signature of the wrong size.
 */
export function verifyCompactJws(jws: string | ParsedJws, publicKey: KeyObject): ParsedJws {
  const parsed = typeof jws === 'string' ? parseCompactJws(jws) : jws;
  if (!isEd25519Algorithm(parsed.header.alg))
    throw new JwsError(`alg ${parsed.header.alg} is not supported; use Ed25519 (or EdDSA)`);
  if (parsed.header.crit !== undefined)
    throw new JwsError('the JWS has a crit header this verifier does not understand');
  if (parsed.signature.length !== 64) throw new JwsError('an Ed25519 signature is 64 bytes');
  if (!verify(null, Buffer.from(parsed.signingInput, 'ascii'), publicKey, parsed.signature))
    throw new JwsError('the signature does not verify with the key');
  return parsed;
}
