import { DomainException, type ProblemCatalogue } from '@dpi/service-kit';

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

const CREDENTIAL_PROBLEMS: ProblemCatalogue<CredentialErrorCode> = {
  ADMIN_TOKEN_REQUIRED: { status: 401, title: 'Admin bearer token required' },
  ADMIN_TOKEN_INVALID: { status: 401, title: 'Admin bearer token not accepted' },
  ADMIN_TOKEN_NOT_CONFIGURED: { status: 403, title: 'Credential administration is switched off' },
  ISSUER_NOT_CONFIGURED: { status: 503, title: 'No credential issuer configured' },
  ISSUER_NOT_HELD: { status: 400, title: 'Not an issuer this registry holds' },
  ISSUER_DEACTIVATED: { status: 409, title: 'Issuer DID deactivated' },
  INVALID_SUBJECT_DID: { status: 400, title: 'Invalid subject DID' },
  SUBJECT_NOT_RESOLVABLE: { status: 422, title: 'Subject DID does not resolve' },
  SUBJECT_DEACTIVATED: { status: 422, title: 'Subject DID deactivated' },
  INVALID_VALIDITY_PERIOD: { status: 400, title: 'Invalid validity period' },
  INVALID_CREDENTIAL_ID: { status: 400, title: 'Invalid credential id' },
  CREDENTIAL_NOT_FOUND: { status: 404, title: 'Credential not found' },
  CREDENTIAL_REVOKED: { status: 409, title: 'Credential revoked for good' },
  STATUS_LIST_NOT_FOUND: { status: 404, title: 'Status list not found' },
  ISSUER_KEY_UNAVAILABLE: { status: 503, title: "Issuer's key not loaded" },
};

/** A refused credential request; the problem-details filter turns it into an RFC 9457 response. */
export class CredentialException extends DomainException<CredentialErrorCode> {
  protected readonly catalogue = CREDENTIAL_PROBLEMS;
}
