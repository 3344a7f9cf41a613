import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { throwError, type Observable } from 'rxjs';

import {
  RequestValidationException,
  UnsupportedMediaTypeException,
} from '../errors/request-validation.exception';
import type { OpenApiRequestValidator } from './openapi-request.validator';

/**
 * The HTTP edge of every service: before a handler runs (after guards, so an unauthenticated caller
 * learns nothing about the fields), the request is checked against its operation in the service's
 * contract, and a 400 VALIDATION_FAILED problem names each bad field. Handlers receive valid input.
 */
export class RequestValidationInterceptor implements NestInterceptor {
  constructor(private readonly validator: OpenApiRequestValidator) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const routeUrl = request.routeOptions.url;
    if (routeUrl === undefined) return next.handle();
    const contentType = request.headers['content-type'];
    const accepted = this.validator.refusedMediaType(routeUrl, request.method, contentType);
    if (accepted) return throwError(() => new UnsupportedMediaTypeException(accepted));
    const errors = this.validator.validate(routeUrl, request);
    if (errors.length > 0) return throwError(() => new RequestValidationException(errors));
    return next.handle();
  }
}
