/** The checks of a verification, in the order they run. */
export const VERIFICATION_CHECKS = [
  'format',
  'header',
  'credential',
  'issuer',
  'signature',
  'validity',
  'status',
] as const;

/** One check of a verification. */
export type VerificationCheck = (typeof VERIFICATION_CHECKS)[number];

/**
 * Why a credential failed verification (status codes are Bitstring Status List 1.0's). ISSUER_NOT_TRUSTED,
 * TYPE_MISMATCH and ROLE_MISMATCH come only from a caller's trust policy or expectation, which the
 * registry's own POST /1.0/credentials/verify does not set.
 */
export type VerificationProblemCode =
  | 'MALFORMED_JWS'
  | 'MALFORMED_PAYLOAD'
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNSUPPORTED_CRITICAL_HEADER'
  | 'INVALID_TYP'
  | 'INVALID_CTY'
  | 'MISSING_KID'
  | 'INVALID_CREDENTIAL'
  | 'TYPE_MISMATCH'
  | 'ROLE_MISMATCH'
  | 'KID_NOT_ISSUER'
  | 'ISSUER_NOT_TRUSTED'
  | 'ISSUER_NOT_FOUND'
  | 'ISSUER_UNRESOLVABLE'
  | 'ISSUER_DEACTIVATED'
  | 'UNKNOWN_KID'
  | 'KEY_NOT_ASSERTION_METHOD'
  | 'UNSUPPORTED_KEY'
  | 'INVALID_SIGNATURE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'REVOKED'
  | 'SUSPENDED'
  | 'STATUS_RETRIEVAL_ERROR'
  | 'STATUS_VERIFICATION_ERROR';

/** One reason a credential is not accepted. */
export interface VerificationProblem {
  check: VerificationCheck;
  code: VerificationProblemCode;
  detail: string;
}

/** The outcome of a verification (the answer of the registry's POST /1.0/credentials/verify). */
export interface Verdict {
  verified: boolean;
  checks: Record<VerificationCheck, 'passed' | 'failed' | 'skipped'>;
  problems: VerificationProblem[];
  /** The credential (the JWS payload) when it could be read, verified or not. */
  credential: Record<string, unknown> | null;
  issuer: string | null;
  kid: string | null;
}
