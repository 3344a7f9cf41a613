import { DomainException, type ProblemCatalogue } from './domain.exception';
import type { FieldError } from './problem-details';

const REQUEST_PROBLEMS: ProblemCatalogue<'VALIDATION_FAILED'> = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
};

const MEDIA_TYPE_PROBLEMS: ProblemCatalogue<'UNSUPPORTED_MEDIA_TYPE'> = {
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
};

/** A request body, query or parameter that failed the contract at the HTTP edge. */
export class RequestValidationException extends DomainException<'VALIDATION_FAILED'> {
  protected readonly catalogue = REQUEST_PROBLEMS;

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
  protected readonly catalogue = MEDIA_TYPE_PROBLEMS;

  constructor(accepted: readonly string[]) {
    super(
      'UNSUPPORTED_MEDIA_TYPE',
      `The Content-Type of the request body is not one this operation takes; send ${accepted.join(' or ')}.`,
    );
  }
}
