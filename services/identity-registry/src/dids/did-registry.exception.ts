import { DomainException } from '@dpi/service-kit';

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

/** A refused DID write; the problem-details filter turns it into an RFC 9457 response. */
export class DidRegistryException extends DomainException<DidRegistryErrorCode> {}
