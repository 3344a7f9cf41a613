import { DomainException } from '@dpi/service-kit';

/** Why a credential request (issue, status change, status list) was refused. */
export type CredentialErrorCode =
  | 'ADMIN_TOKEN_REQUIRED'
  | 'ADMIN_TOKEN_INVALID'
  | 'ADMIN_TOKEN_NOT_CONFIGURED'
  | 'ISSUER_NOT_CONFIGURED'
  | 'ISSUER_NOT_HELD'
  | 'ISSUER_DEACTIVATED'
  | 'INVALID_SUBJECT_DID'
  | 'SUBJECT_NOT_RESOLVABLE'
  | 'SUBJECT_DEACTIVATED'
  | 'INVALID_VALIDITY_PERIOD'
  | 'INVALID_CREDENTIAL_ID'
  | 'CREDENTIAL_NOT_FOUND'
  | 'CREDENTIAL_REVOKED'
  | 'STATUS_LIST_NOT_FOUND'
  | 'ISSUER_KEY_UNAVAILABLE';

/** A refused credential request; the problem-details filter turns it into an RFC 9457 response. */
export class CredentialException extends DomainException<CredentialErrorCode> {}
