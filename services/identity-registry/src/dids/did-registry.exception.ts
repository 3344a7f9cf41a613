import { DomainException, type ProblemCatalogue } from '@dpi/service-kit';

/** Why a DID write (create, update, deactivate) or a registrar job was refused. */
export type DidRegistryErrorCode =
  | 'INVALID_DID'
  | 'METHOD_NOT_SUPPORTED'
  | 'INVALID_DID_DOCUMENT'
  | 'DOCUMENT_TOO_LARGE'
  | 'PRIVATE_KEY_MATERIAL'
  | 'UNSUPPORTED_KEY_TYPE'
  | 'DID_MISMATCH'
  | 'INVALID_SIGNATURE'
  | 'NOT_AUTHORIZED'
  | 'SECRET_MODE_NOT_SUPPORTED'
  | 'PREVIOUS_VERSION_REQUIRED'
  | 'DID_NOT_FOUND'
  | 'DID_ALREADY_EXISTS'
  | 'STALE_VERSION'
  | 'DID_DEACTIVATED'
  | 'JOB_CONFLICT'
  | 'JOB_EXPIRED'
  | 'HISTORY_INTEGRITY';

const DID_REGISTRY_PROBLEMS: ProblemCatalogue<DidRegistryErrorCode> = {
  INVALID_DID: { status: 400, title: 'Invalid DID' },
  METHOD_NOT_SUPPORTED: { status: 400, title: 'DID method not supported by this registrar' },
  INVALID_DID_DOCUMENT: { status: 400, title: 'Invalid DID document' },
  DOCUMENT_TOO_LARGE: { status: 400, title: 'DID document too large' },
  PRIVATE_KEY_MATERIAL: { status: 400, title: 'Private key material refused' },
  UNSUPPORTED_KEY_TYPE: { status: 400, title: 'Unsupported key type' },
  DID_MISMATCH: { status: 400, title: 'DID does not match its inception key' },
  INVALID_SIGNATURE: { status: 400, title: 'Invalid operation signature' },
  NOT_AUTHORIZED: { status: 403, title: 'Key not authorised for this operation' },
  SECRET_MODE_NOT_SUPPORTED: { status: 400, title: 'Only client-managed secret mode is offered' },
  PREVIOUS_VERSION_REQUIRED: { status: 400, title: 'Previous version id required' },
  DID_NOT_FOUND: { status: 404, title: 'DID not found' },
  DID_ALREADY_EXISTS: { status: 409, title: 'DID already exists' },
  STALE_VERSION: { status: 409, title: 'Operation built on a stale version' },
  DID_DEACTIVATED: { status: 410, title: 'DID deactivated' },
  JOB_CONFLICT: { status: 409, title: 'Job id reused for a different request' },
  JOB_EXPIRED: { status: 410, title: 'Registrar job expired' },
  HISTORY_INTEGRITY: { status: 500, title: 'DID history failed its integrity check' },
};

/** A refused DID write; the problem-details filter turns it into an RFC 9457 response. */
export class DidRegistryException extends DomainException<DidRegistryErrorCode> {
  protected readonly catalogue = DID_REGISTRY_PROBLEMS;
}
