import { DID_RESOLUTION_ERROR_KEYWORDS } from '@dpi/did';
import { DomainException } from '@dpi/service-kit';

/** DID Resolution errors, named as the DID Resolution draft names its problem types. */
export type DidResolutionErrorCode =
  | 'INVALID_DID'
  | 'INVALID_DID_URL'
  | 'INVALID_OPTIONS'
  | 'NOT_FOUND'
  | 'REPRESENTATION_NOT_SUPPORTED'
  | 'METHOD_NOT_SUPPORTED'
  | 'FEATURE_NOT_SUPPORTED'
  | 'INVALID_DID_DOCUMENT'
  | 'INTERNAL_ERROR'
  | 'DEACTIVATED';

/** DID Core's error keywords for the `error` member of didResolutionMetadata. */
export const DID_CORE_ERROR_KEYWORDS = {
  ...DID_RESOLUTION_ERROR_KEYWORDS,
  DEACTIVATED: 'deactivated',
} as Readonly<Record<DidResolutionErrorCode, string>>;

/** The DID Resolution draft's problem type URI of a code (`https://www.w3.org/ns/did#INVALID_DID`); DEACTIVATED is not an error there. */
export function didProblemType(code: DidResolutionErrorCode): string | undefined {
  return code === 'DEACTIVATED' ? undefined : `https://www.w3.org/ns/did#${code}`;
}

/** A resolution that did not give a document; rendered in the dialect the client negotiated. */
export class DidResolutionException extends DomainException<DidResolutionErrorCode> {}
