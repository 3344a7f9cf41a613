import { ValidationPipe } from '@nestjs/common';

import { flattenValidationErrors, RequestValidationException } from './request-validation.exception';

/** The global pipe: unknown fields are refused, not dropped; payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
