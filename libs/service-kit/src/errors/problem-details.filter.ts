import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';

import { DomainException } from './domain.exception';
import { extendProblem } from './problem-extensions.decorator';
import type { ProblemMap } from './problem-map';
import {
  codeForStatus,
  PROBLEM_CONTENT_TYPE,
  problemType,
  titleForStatus,
  type ProblemDetails,
} from './problem-details';

/** The slice of a logger the filter needs (pino and nestjs-pino's PinoLogger both fit). */
export interface ProblemLogger {
  error(context: object, message: string): void;
}

/** What the filter reads from a request (a fastify request fits). */
export interface ProblemRequest {
  id: string | number;
  method: string;
  url: string;
  body?: unknown;
  routeOptions?: { config?: unknown };
}

/** What the filter writes to (a fastify reply fits). */
export interface ProblemReply {
  status(code: number): this;
  header(name: string, value: string): this;
  send(payload: string): unknown;
}

/** The facts about one request that a problem body carries. */
export interface ProblemContext {
  method: string;
  url: string;
  requestId: string;
  bodyLimitBytes: number;
  /** The service's mapping from domain codes to statuses and titles. */
  problems: ProblemMap;
}

/** A problem body, and whether the error is a server fault whose cause must be logged. */
export interface MappedProblem {
  problem: ProblemDetails;
  serverFault: boolean;
}

interface ErrorWithCode {
  code?: unknown;
}

function causeCode(exception: HttpException): string | undefined {
  const code = (exception.cause as ErrorWithCode | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function problem(
  code: string,
  status: number,
  detail: string,
  context: ProblemContext,
  title = titleForStatus(status),
): ProblemDetails {
  return {
    type: problemType(code),
    title,
    status,
    detail,
    instance: context.url.split('?')[0] ?? '/',
    code,
    requestId: context.requestId,
  };
}

function fromHttpException(exception: HttpException, context: ProblemContext): ProblemDetails {
  const status = exception.getStatus();
  switch (causeCode(exception)) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(
        'BODY_TOO_LARGE',
        413,
        `The request body is larger than this service accepts (${context.bodyLimitBytes} bytes); send a smaller body.`,
        context,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(
        'UNSUPPORTED_MEDIA_TYPE',
        415,
        'The Content-Type of the request body is not supported; send application/json.',
        context,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('MALFORMED_BODY', 400, 'The request body is not valid JSON; check its syntax.', context);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(
        'MALFORMED_BODY',
        400,
        'The request says Content-Type application/json but its body is empty; send a JSON body or no Content-Type.',
        context,
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(
        'MALFORMED_BODY',
        400,
        'The Content-Length header does not match the body sent.',
        context,
      );
  }
  // Nest's handler for unmatched routes says exactly "Cannot <METHOD> <url>".
  if (status === 404 && exception.message === `Cannot ${context.method} ${context.url}`) {
    return problem(
      'NOT_FOUND',
      404,
      `No route matches ${context.method} ${context.url.split('?')[0]}; /openapi.json lists the routes of this service.`,
      context,
    );
  }
  if (status === 400 && exception.cause instanceof SyntaxError) {
    return problem('MALFORMED_BODY', 400, 'The request body is not valid JSON; check its syntax.', context);
  }
  return problem(
    codeForStatus(status),
    status,
    status >= 500 ? genericDetail(context) : exception.message,
    context,
  );
}

function genericDetail(context: ProblemContext): string {
  return `An unexpected error occurred; quote request id ${context.requestId} when reporting it.`;
}

/**
 * Maps any thrown value to an RFC 9457 problem: domain exceptions by the service's problem map, Nest and fastify
 * HTTP errors by status and cause, anything else to a generic 500 whose detail reveals nothing.
 */
export function mapToProblem(exception: unknown, context: ProblemContext): MappedProblem {
  if (exception instanceof DomainException) {
    const definition = context.problems.definitionOf(exception);
    // A code no catalogue maps is a programming error: a generic 500, logged with its cause.
    if (!definition)
      return { problem: problem('INTERNAL_ERROR', 500, genericDetail(context), context), serverFault: true };
    const mapped: ProblemDetails = {
      ...exception.extensions,
      ...problem(exception.code, definition.status, exception.message, context, definition.title),
    };
    return { problem: mapped, serverFault: definition.status >= 500 };
  }
  if (exception instanceof HttpException) {
    const mapped = fromHttpException(exception, context);
    return { problem: mapped, serverFault: mapped.status >= 500 };
  }
  return { problem: problem('INTERNAL_ERROR', 500, genericDetail(context), context), serverFault: true };
}

/**
 * The one exception filter of every service: every error leaves as application/problem+json with the
 * request's correlation id; server faults are logged with their cause and never returned.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: ProblemLogger,
    private readonly bodyLimitBytes: number,
    private readonly problems: ProblemMap,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<ProblemRequest>();
    const reply = http.getResponse<ProblemReply>();
    const requestId = String(request.id);
    const { problem, serverFault } = mapToProblem(exception, {
      method: request.method,
      url: request.url,
      requestId,
      bodyLimitBytes: this.bodyLimitBytes,
      problems: this.problems,
    });
    const body = extendProblem(problem, request);
    if (serverFault) {
      this.logger.error(
        { err: exception, requestId, method: request.method, url: request.url },
        'request failed with a server error',
      );
    }
    reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
