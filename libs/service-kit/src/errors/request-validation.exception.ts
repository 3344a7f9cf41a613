import type { ValidationError } from 'class-validator';

import { DomainException, type ProblemCatalogue } from './domain.exception';
import type { FieldError } from './problem-details';

const REQUEST_PROBLEMS: ProblemCatalogue<'VALIDATION_FAILED'> = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
};

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', message }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field =
      /^\d+$/.test(error.property) && parent
        ? `${parent}[${error.property}]`
        : parent
          ? `${parent}.${error.property}`
          : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** A request body, query or parameter that failed the global ValidationPipe. */
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
