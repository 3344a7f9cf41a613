/** Why a consumer rejected a record; each maps to a dead-letter reason or a retry. */
export type RejectReason =
  | 'TOO_LARGE'
  | 'MISSING_HEADER'
  | 'MALFORMED_HEADER'
  | 'MALFORMED_SIGNATURE'
  | 'UNSUPPORTED_ALG'
  | 'BINDING_MISMATCH'
  | 'SOURCE_KID_MISMATCH'
  | 'DID_RESOLUTION_FAILED'
  | 'DID_DEACTIVATED'
  | 'UNKNOWN_KID'
  | 'KEY_NOT_ASSERTION_METHOD'
  | 'UNSUPPORTED_KEY'
  | 'BAD_SIGNATURE'
  | 'POLICY_DENIED'
  | 'UNKNOWN_TYPE'
  | 'SCHEMA_INVALID'
  | 'DUPLICATE';

/** Every reason code, in the order the verification algorithm checks them. */
export const REJECT_REASONS: readonly RejectReason[] = [
  'TOO_LARGE',
  'MISSING_HEADER',
  'MALFORMED_HEADER',
  'MALFORMED_SIGNATURE',
  'UNSUPPORTED_ALG',
  'BINDING_MISMATCH',
  'SOURCE_KID_MISMATCH',
  'DID_RESOLUTION_FAILED',
  'DID_DEACTIVATED',
  'UNKNOWN_KID',
  'KEY_NOT_ASSERTION_METHOD',
  'UNSUPPORTED_KEY',
  'BAD_SIGNATURE',
  'POLICY_DENIED',
  'UNKNOWN_TYPE',
  'SCHEMA_INVALID',
  'DUPLICATE',
];
