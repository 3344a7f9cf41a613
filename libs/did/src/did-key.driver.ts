import type { KeyObject } from 'node:crypto';
import type { DIDDocument, DIDResolutionResult, DIDResolver, ResolverRegistry } from 'did-resolver';
import { base58btcDecode, base58btcEncode } from './base58btc.util';
import { ed25519PublicKeyFromRaw, rawEd25519PublicKey } from './ed25519-key.util';

// Multicodec `ed25519-pub` (0xed) as an unsigned varint: 0xed 0x01.
const ED25519_PUB_PREFIX = Uint8Array.from([0xed, 0x01]);

/** Error raised when a multibase key is not an Ed25519 `ed25519-pub` multikey. */
export class InvalidMultikeyError extends Error {
  constructor(
    message: string,
    readonly code: 'invalidPublicKeyType' | 'invalidPublicKeyLength' | 'invalidDid',
  ) {
    super(message);
  }
}

/** Encodes an Ed25519 public key as a Multikey `publicKeyMultibase` value (`z6Mk...`). */
export function ed25519MultibaseFromPublicKey(key: KeyObject): string {
  return `z${base58btcEncode(Buffer.concat([ED25519_PUB_PREFIX, rawEd25519PublicKey(key)]))}`;
}

/** Decodes a `z6Mk...` Multikey value into an Ed25519 public KeyObject. */
export function ed25519PublicKeyFromMultibase(multibase: string): KeyObject {
  if (!multibase.startsWith('z'))
    throw new InvalidMultikeyError('only base58btc (z) multibase is supported', 'invalidDid');
  let bytes: Uint8Array;
  try {
    bytes = base58btcDecode(multibase.slice(1));
  } catch (error) {
    throw new InvalidMultikeyError((error as Error).message, 'invalidDid');
  }
  if (bytes[0] !== ED25519_PUB_PREFIX[0] || bytes[1] !== ED25519_PUB_PREFIX[1]) {
    throw new InvalidMultikeyError('not an ed25519-pub multikey (0xed01)', 'invalidPublicKeyType');
  }
  if (bytes.length !== 34)
    throw new InvalidMultikeyError('an Ed25519 public key is 32 bytes', 'invalidPublicKeyLength');
  return ed25519PublicKeyFromRaw(bytes.subarray(2));
}

/** Derives the did:key DID of an Ed25519 public (or private) key. */
export function didKeyFromPublicKey(key: KeyObject): string {
  return `did:key:${ed25519MultibaseFromPublicKey(key)}`;
}

/** The DID URL of a did:key's only verification method (`did:key:z6Mk...#z6Mk...`). */
export function didKeyVerificationMethodId(did: string): string {
  return `${did}#${did.slice('did:key:'.length)}`;
}

/** Derives the DID document of an Ed25519 did:key (Multikey form); throws InvalidMultikeyError. */
export function didKeyDocument(did: string): DIDDocument {
  const multibase = did.slice('did:key:'.length);
  if (!did.startsWith('did:key:') || multibase.includes(':'))
    throw new InvalidMultikeyError('not a did:key', 'invalidDid');
  ed25519PublicKeyFromMultibase(multibase);
  const id = didKeyVerificationMethodId(did);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    authentication: [id],
    assertionMethod: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  };
}

const resolveDidKey: DIDResolver = async (did): Promise<DIDResolutionResult> => {
  try {
    return {
      didResolutionMetadata: { contentType: 'application/did+ld+json' },
      didDocument: didKeyDocument(did),
      didDocumentMetadata: {},
    };
  } catch (error) {
    const code = error instanceof InvalidMultikeyError ? error.code : 'invalidDid';
    return {
      didResolutionMetadata: { error: code, message: (error as Error).message },
      didDocument: null,
      didDocumentMetadata: {},
    };
  }
};

/** The did-resolver driver for did:key (Ed25519); the document is derived, never fetched. */
export function getDidKeyResolver(): ResolverRegistry {
  return { key: resolveDidKey };
}
