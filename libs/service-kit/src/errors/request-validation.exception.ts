import { DomainException } from './domain.exception';
import type { FieldError } from './problem-details';
import { problemsOf, type ProblemMapEntry } from './problem-map';

/** A request body, query or parameter that failed the contract at the HTTP edge. */
export class RequestValidationException extends DomainException<'VALIDATION_FAILED'> {
  constructor(readonly errors: FieldError[]) {
    super(
      'VALIDATION_FAILED',
      `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}; see errors for what each expects.`,
      { errors },
    );
  }
}

/** A request body in a media type the operation's contract does not list. */
export class UnsupportedMediaTypeException extends DomainException<'UNSUPPORTED_MEDIA_TYPE'> {
  constructor(accepted: readonly string[]) {
    super(
      'UNSUPPORTED_MEDIA_TYPE',
      `The Content-Type of the request body is not one this operation takes; send ${accepted.join(' or ')}.`,
    );
  }
}

/** How the kit's own request errors answer; every service's problem map starts with these. */
export const REQUEST_PROBLEMS: readonly ProblemMapEntry[] = [
  problemsOf(RequestValidationException, {
    VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  }),
  problemsOf(UnsupportedMediaTypeException, {
    UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
  }),
];
