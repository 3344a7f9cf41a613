import { problemsOf, type ProblemCatalogue, type ProblemMapEntry } from '@dpi/service-kit';

import { CredentialException, type CredentialErrorCode } from './credentials/credential.exception';
import { DemoCityException } from './demo-city/demo-city.exception';
import { DidRegistryException, type DidRegistryErrorCode } from './dids/did-registry.exception';
import { DidResolutionException, type DidResolutionErrorCode } from './dids/did-resolution.exception';

// The identity registry's HTTP edge: the one place where each feature's domain codes become statuses
// and titles. The features throw codes; they know nothing of HTTP.

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

const DID_RESOLUTION_PROBLEMS: ProblemCatalogue<DidResolutionErrorCode> = {
  INVALID_DID: { status: 400, title: 'Invalid DID' },
  INVALID_DID_URL: { status: 400, title: 'Invalid DID URL' },
  INVALID_OPTIONS: { status: 400, title: 'Invalid resolution options' },
  NOT_FOUND: { status: 404, title: 'DID not found' },
  REPRESENTATION_NOT_SUPPORTED: { status: 406, title: 'Representation not supported' },
  METHOD_NOT_SUPPORTED: { status: 501, title: 'DID method not supported' },
  FEATURE_NOT_SUPPORTED: { status: 501, title: 'Feature not supported' },
  INVALID_DID_DOCUMENT: { status: 500, title: 'Invalid DID document' },
  INTERNAL_ERROR: { status: 500, title: 'Internal resolution error' },
  DEACTIVATED: { status: 410, title: 'DID deactivated' },
};

const DEMO_CITY_PROBLEMS: ProblemCatalogue<'DEMO_CITY_NOT_SEEDED'> = {
  DEMO_CITY_NOT_SEEDED: { status: 404, title: 'No demo city seeded' },
};

/** The registry's problem map (ServiceDefinition.problems). */
export const IDENTITY_REGISTRY_PROBLEMS: readonly ProblemMapEntry[] = [
  problemsOf(DidRegistryException, DID_REGISTRY_PROBLEMS),
  problemsOf(DidResolutionException, DID_RESOLUTION_PROBLEMS),
  problemsOf(CredentialException, CREDENTIAL_PROBLEMS),
  problemsOf(DemoCityException, DEMO_CITY_PROBLEMS),
];
