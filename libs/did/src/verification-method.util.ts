import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import type { DIDDocument, VerificationMethod, VerificationRelationship } from 'did-resolver';
import { base58btcDecode } from './base58btc.util';
import { ed25519PublicKeyFromMultibase } from './did-key.driver';
import { ed25519PublicKeyFromRaw } from './ed25519-key.util';

/** Result of looking a key up in a DID document under a verification relationship. */
export type VerificationMethodLookup =
  | { status: 'found'; method: VerificationMethod }
  | { status: 'notInRelationship'; method: VerificationMethod }
  | { status: 'unknown' };

/** Error raised when a verification method holds no usable Ed25519 public key. */
export class UnsupportedKeyError extends Error {}

function absolute(id: string, documentId: string): string {
  return id.startsWith('#') ? `${documentId}${id}` : id;
}

/**
 * Finds the verification method `kidUrl` in `doc` and checks that `relationship` (e.g. assertionMethod)
 * lists it, by reference or embedded. Relative ids (`#key-1`) are read against the document id.
 */
export function findVerificationMethod(
  doc: DIDDocument,
  kidUrl: string,
  relationship: VerificationRelationship,
): VerificationMethodLookup {
  let embeddedElsewhere: VerificationMethod | undefined;
  for (const entry of doc[relationship] ?? []) {
    if (typeof entry === 'string') {
      if (absolute(entry, doc.id) !== kidUrl) continue;
      const method = (doc.verificationMethod ?? []).find((m) => absolute(m.id, doc.id) === kidUrl);
      // A reference to a method the document does not define points nowhere.
      return method ? { status: 'found', method } : { status: 'unknown' };
    }
    if (absolute(entry.id, doc.id) === kidUrl) return { status: 'found', method: entry };
  }
  const listed = (doc.verificationMethod ?? []).find((m) => absolute(m.id, doc.id) === kidUrl);
  if (listed) return { status: 'notInRelationship', method: listed };
  const relationships: VerificationRelationship[] = [
    'authentication',
    'assertionMethod',
    'keyAgreement',
    'capabilityInvocation',
    'capabilityDelegation',
  ];
  for (const other of relationships) {
    for (const entry of doc[other] ?? []) {
      if (typeof entry !== 'string' && absolute(entry.id, doc.id) === kidUrl) embeddedElsewhere = entry;
    }
  }
  return embeddedElsewhere
    ? { status: 'notInRelationship', method: embeddedElsewhere }
    : { status: 'unknown' };
}

/**
 * Imports the Ed25519 public key of a verification method: `publicKeyJwk` (OKP), `publicKeyMultibase`
 * (Multikey / Ed25519VerificationKey2020) or legacy `publicKeyBase58` (Ed25519VerificationKey2018).
 */
export function publicKeyFromVerificationMethod(method: VerificationMethod): KeyObject {
  try {
    if (method.publicKeyJwk) {
      const jwk = method.publicKeyJwk;
      if ('d' in jwk) throw new UnsupportedKeyError('a verification method must not hold a private key');
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
        throw new UnsupportedKeyError(`unsupported JWK ${jwk.kty}/${String(jwk.crv)}`);
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    }
    if (method.publicKeyMultibase) return ed25519PublicKeyFromMultibase(method.publicKeyMultibase);
    if (method.publicKeyBase58 && method.type === 'Ed25519VerificationKey2018')
      return ed25519PublicKeyFromRaw(base58btcDecode(method.publicKeyBase58));
  } catch (error) {
    if (error instanceof UnsupportedKeyError) throw error;
    throw new UnsupportedKeyError(`unusable key in ${method.id}: ${(error as Error).message}`);
  }
  throw new UnsupportedKeyError(`no Ed25519 key material in ${method.id} (type ${method.type})`);
}
