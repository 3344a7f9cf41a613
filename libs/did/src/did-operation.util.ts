import { createHash, sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.util';
import { jwsSigningInput, type Ed25519Algorithm } from './compact-jws.util';

/** The three lifecycle operations of a registry DID. */
export type DidOperationType = 'create' | 'update' | 'deactivate';

/** The `typ` of the JWS that authorises a did:dpi operation (RFC 8725 explicit typing). */
export const DID_OPERATION_JWS_TYPE = 'dpi-did-operation+jws';

/**
 * What a did:dpi operation signs (contracts/specs/did-method.md, "Operation proofs"): the operation, the
 * DID, the version it replaces and the hash of the new document. It is deterministic, so a client can
 * build it without asking the registry, and it carries no nonce: the version binding stops replays.
 */
export interface DidOperationPayload {
  operation: DidOperationType;
  did: string;
  /** The versionId the operation replaces (update, deactivate); absent for create. */
  previousVersionId?: string;
  /** base64url SHA-256 of the canonical JSON of the new DID document (create, update). */
  documentHash?: string;
}

/** A DIF Universal Registrar signing request for one operation proof. */
export interface DidSigningRequest {
  payload: DidOperationPayload;
  /** base64url of the exact bytes to sign: the JWS signing input (header.payload). */
  serializedPayload: string;
  kid: string;
  alg: Ed25519Algorithm;
  purpose: 'capabilityInvocation';
}

/** A DIF Universal Registrar signing response: the signature over a signing request's bytes. */
export interface DidSigningResponse {
  /** base64url (base64 accepted) of the 64-byte Ed25519 signature. */
  signature: string;
  kid: string;
  alg: Ed25519Algorithm;
}

/** base64url SHA-256 of the canonical JSON (RFC 8785) of a DID document. */
export function didDocumentHash(document: object): string {
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('base64url');
}

/** Builds the payload of an operation; `document` is required for create and update. */
export function didOperationPayload(args: {
  operation: DidOperationType;
  did: string;
  previousVersionId?: string;
  document?: object;
}): DidOperationPayload {
  return {
    operation: args.operation,
    did: args.did,
    ...(args.operation === 'create' ? {} : { previousVersionId: args.previousVersionId }),
    ...(args.operation === 'deactivate' || !args.document
      ? {}
      : { documentHash: didDocumentHash(args.document) }),
  };
}

/** The JWS signing input of an operation proof: protected header {alg, kid, typ} and the canonical payload. */
export function didOperationSigningInput(
  payload: DidOperationPayload,
  kid: string,
  alg: Ed25519Algorithm = 'Ed25519',
): string {
  return jwsSigningInput({ alg, kid, typ: DID_OPERATION_JWS_TYPE }, canonicalJson(payload));
}

/** The signing request the registry hands a client that keeps its keys (client-managed secret mode). */
export function didSigningRequest(payload: DidOperationPayload, kid: string): DidSigningRequest {
  return {
    payload,
    serializedPayload: Buffer.from(didOperationSigningInput(payload, kid), 'ascii').toString('base64url'),
    kid,
    alg: 'Ed25519',
    purpose: 'capabilityInvocation',
  };
}

/** Answers a signing request with an Ed25519 private key (what a client does with its own key). */
export function signDidSigningRequest(
  request: Pick<DidSigningRequest, 'serializedPayload' | 'kid' | 'alg'>,
  privateKey: KeyObject,
): DidSigningResponse {
  const signature = sign(null, Buffer.from(request.serializedPayload, 'base64url'), privateKey);
  return { signature: signature.toString('base64url'), kid: request.kid, alg: request.alg };
}

/** The compact JWS that a signing response completes (the registry stores it as the version's proof). */
export function didOperationJws(payload: DidOperationPayload, response: DidSigningResponse): string {
  const signature = Buffer.from(response.signature, 'base64').toString('base64url');
  return `${didOperationSigningInput(payload, response.kid, response.alg)}.${signature}`;
}
