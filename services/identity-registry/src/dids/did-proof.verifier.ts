import type { KeyObject } from 'node:crypto';
import type { DIDDocument } from 'did-resolver';

import {
  canonicalJson,
  DID_OPERATION_JWS_TYPE,
  findVerificationMethod,
  JwsError,
  parseCompactJws,
  publicKeyFromVerificationMethod,
  verifyCompactJws,
  type DidOperationPayload,
} from '@dpi/did';

import { DidRegistryException } from './did-registry.exception';

/** Finds the current DID document of a controller DID (another did:dpi, or a did:key). */
export type ControllerDocumentLookup = (did: string) => Promise<DIDDocument | undefined>;

/** The key that signed, after the proof verified. */
export interface VerifiedProof {
  kid: string;
  key: KeyObject;
}

/**
 * Checks the proof of a did:dpi operation: a compact Ed25519 JWS (typ dpi-did-operation+jws) whose payload
 * is exactly this operation, signed by a key listed under capabilityInvocation of `authorising` (the new
 * document on create, the current version otherwise) or of one of its controllers' current documents.
 */
export async function verifyOperationProof(
  jws: string,
  expected: DidOperationPayload,
  authorising: DIDDocument,
  lookUpController: ControllerDocumentLookup,
  requiredKid?: string,
): Promise<VerifiedProof> {
  let parsed;
  try {
    parsed = parseCompactJws(jws);
  } catch (error) {
    throw new DidRegistryException(
      'INVALID_SIGNATURE',
      `The operation proof is unusable: ${(error as Error).message}.`,
    );
  }
  const { kid, typ } = parsed.header;
  if (typeof kid !== 'string' || !kid.includes('#'))
    throw new DidRegistryException(
      'INVALID_SIGNATURE',
      'The proof names no key: its kid must be the DID URL of a verification method (did:dpi:...#key-1).',
    );
  if (typ !== undefined && typ !== DID_OPERATION_JWS_TYPE)
    throw new DidRegistryException(
      'INVALID_SIGNATURE',
      `The proof has typ ${String(typ)}; an operation proof has typ ${DID_OPERATION_JWS_TYPE}.`,
    );
  if (parsed.payload.toString('utf8') !== canonicalJson(expected))
    throw new DidRegistryException(
      'INVALID_SIGNATURE',
      `The signed payload is not this operation; sign exactly ${canonicalJson(expected)} (the signing request's serializedPayload).`,
    );
  if (requiredKid && kid !== requiredKid)
    throw new DidRegistryException(
      'NOT_AUTHORIZED',
      `A create must be signed by the inception key ${requiredKid} (the first capabilityInvocation key), not ${kid}.`,
    );
  const controllerDid = kid.slice(0, kid.indexOf('#'));
  const controllers =
    authorising.controller === undefined ? [] : ([] as string[]).concat(authorising.controller);
  let document: DIDDocument | undefined = authorising;
  if (controllerDid !== authorising.id) {
    if (!controllers.includes(controllerDid))
      throw new DidRegistryException(
        'NOT_AUTHORIZED',
        `${kid} belongs to ${controllerDid}, which does not control ${authorising.id}.`,
      );
    document = await lookUpController(controllerDid);
    if (!document)
      throw new DidRegistryException(
        'NOT_AUTHORIZED',
        `The controller ${controllerDid} cannot be resolved to an active DID document.`,
      );
  }
  const lookup = findVerificationMethod(document, kid, 'capabilityInvocation');
  if (lookup.status !== 'found')
    throw new DidRegistryException(
      'NOT_AUTHORIZED',
      lookup.status === 'notInRelationship'
        ? `${kid} is in the DID document but not under capabilityInvocation, so it cannot authorise changes.`
        : `${kid} is not a key of the current DID document; sign with a capabilityInvocation key of the version you are replacing.`,
    );
  let key: KeyObject;
  try {
    key = publicKeyFromVerificationMethod(lookup.method);
    verifyCompactJws(parsed, key);
  } catch (error) {
    if (error instanceof JwsError)
      throw new DidRegistryException(
        'INVALID_SIGNATURE',
        `The operation proof does not verify: ${error.message} (${kid}).`,
      );
    throw error;
  }
  return { kid, key };
}
