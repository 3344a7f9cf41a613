import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';

import {
  mapToProblem,
  PROBLEM_CONTENT_TYPE,
  RequestValidationException,
  SERVICE_CONTEXT,
  type ServiceContext,
} from '@dpi/service-kit';

import { didProblemType, DidResolutionException } from './did-resolution.exception';
import { errorResultBody, MEDIA_TYPES, negotiateRepresentation } from './resolution.representation';

interface FilterRequest {
  id: string | number;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

interface FilterReply {
  status(code: number): this;
  header(name: string, value: string): this;
  send(payload: string): unknown;
}

/**
 * The resolver's edge: a failed resolution leaves in the dialect the client negotiated. A client that
 * asked for the whole result (application/did-resolution, or nothing in particular) gets a resolution
 * result with DID Core's `error` keyword; one that asked for a document gets RFC 9457 problem details
 * whose `type` is the DID Resolution draft's (https://www.w3.org/ns/did#INVALID_DID, ...).
 */
@Catch()
export class DidResolutionFilter implements ExceptionFilter {
  constructor(@Inject(SERVICE_CONTEXT) private readonly context: ServiceContext) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FilterRequest>();
    const reply = http.getResponse<FilterReply>();
    const requestId = String(request.id);
    const resolution =
      exception instanceof DidResolutionException
        ? exception
        : exception instanceof RequestValidationException
          ? asResolutionError(exception)
          : undefined;
    const { problem, serverFault } = mapToProblem(
      resolution ??
        new DidResolutionException(
          'INTERNAL_ERROR',
          `The resolver failed; quote request id ${requestId} when reporting it.`,
        ),
      {
        method: request.method,
        url: request.url,
        requestId,
        bodyLimitBytes: 0,
        problems: this.context.problems,
      },
    );
    if (serverFault)
      this.context.logger.error(
        { err: exception, requestId, url: request.url },
        'resolution failed with a server error',
      );
    const code = resolution?.code ?? 'INTERNAL_ERROR';
    problem.type = didProblemType(code) ?? problem.type;
    const accept = request.headers.accept;
    const representation = negotiateRepresentation(Array.isArray(accept) ? accept.join(',') : accept);
    reply.status(problem.status).header('vary', 'Accept').header('cache-control', 'no-store');
    if (representation === 'result' && code !== 'REPRESENTATION_NOT_SUPPORTED' && code !== 'DEACTIVATED') {
      reply
        .header('content-type', MEDIA_TYPES.result)
        .send(errorResultBody(code, problem.title, problem.status, problem.detail));
      return;
    }
    reply.header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** A request the edge found invalid, in the resolver's terms: a bad DID, or bad resolution options. */
function asResolutionError(exception: RequestValidationException): DidResolutionException {
  const code = exception.errors.some((error) => error.in === 'path') ? 'INVALID_DID' : 'INVALID_OPTIONS';
  return new DidResolutionException(code, exception.message, { errors: exception.errors });
}
