import { createHash, type KeyObject } from 'node:crypto';
import { base58btcDecode, base58btcEncode } from './base58btc.util';
import { rawEd25519PublicKey } from './ed25519-key.util';

/** The registry's DID method name and prefix. */
export const DID_DPI_METHOD = 'dpi';
export const DID_DPI_PREFIX = 'did:dpi:';

// Multicodec `ed25519-pub` (0xed) as an unsigned varint, as did:key and Multikey use it.
const ED25519_PUB_MULTICODEC = Uint8Array.from([0xed, 0x01]);
const ID_BYTES = 16;
const ID_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{16,22}$/;

/**
 * Derives the did:dpi DID of an Ed25519 inception key: `did:dpi:` + base58btc of the first 16 bytes of
 * SHA-256 over the multicodec-prefixed public key (0xed 0x01 + 32 raw bytes). See contracts/specs/did-method.md.
 */
export function didDpiFromPublicKey(key: KeyObject): string {
  const digest = createHash('sha256')
    .update(ED25519_PUB_MULTICODEC)
    .update(rawEd25519PublicKey(key))
    .digest();
  return `${DID_DPI_PREFIX}${base58btcEncode(digest.subarray(0, ID_BYTES))}`;
}

/** Whether `did` is a syntactically valid did:dpi DID (its method-specific id is base58btc of 16 bytes). */
export function isDidDpi(did: string): boolean {
  if (!did.startsWith(DID_DPI_PREFIX)) return false;
  const id = did.slice(DID_DPI_PREFIX.length);
  if (!ID_PATTERN.test(id)) return false;
  const bytes = base58btcDecode(id);
  // Base58 is not canonical by length alone: the id must decode to exactly 16 bytes and encode back to itself.
  return bytes.length === ID_BYTES && base58btcEncode(bytes) === id;
}
