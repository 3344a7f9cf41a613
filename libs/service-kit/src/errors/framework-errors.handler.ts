import type { FastifyReply, FastifyRequest } from 'fastify';

import { REQUEST_ID_HEADER } from '../logging/request-id.util';
import {
  codeForStatus,
  PROBLEM_CONTENT_TYPE,
  problemType,
  titleForStatus,
  type ProblemDetails,
} from './problem-details';

/** The longest path parameter the router takes; longer ones are answered 414 before any route runs. */
export const MAX_PARAM_LENGTH = 1024;

const KNOWN: ReadonlyMap<string, { status: number; detail: string }> = new Map([
  [
    'FST_ERR_MAX_PARAM_LENGTH',
    {
      status: 414,
      detail: `A path parameter is longer than this service reads (${MAX_PARAM_LENGTH} characters); the contract says how long each may be.`,
    },
  ],
  [
    'FST_ERR_BAD_URL',
    { status: 400, detail: 'The request path is not a valid URL component; percent-encode it.' },
  ],
]);

/** The request path, or `/` when it is not a valid URI reference (a malformed URL is what failed). */
export function instanceOf(url: string): string {
  const path = url.split('?')[0] ?? '/';
  try {
    decodeURI(path);
    return /^\/[\x21-\x7e]*$/.test(path) ? path : '/';
  } catch {
    return '/';
  }
}

/**
 * fastify's `frameworkErrors`: what its router refuses before any hook or route runs (an over-long path
 * parameter, a malformed URL) leaves as problem details with a request id, like every other error.
 */
export function answerFrameworkError(
  error: { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = error.code === undefined ? undefined : KNOWN.get(error.code);
  const status = known?.status ?? 400;
  const code = status === 414 ? 'URI_TOO_LONG' : codeForStatus(status);
  const requestId = String(request.id);
  const problem: ProblemDetails = {
    type: problemType(code),
    title: titleForStatus(status),
    status,
    detail: known?.detail ?? 'The request could not be routed; check its path.',
    instance: instanceOf(request.url),
    code,
    requestId,
  };
  reply
    .code(status)
    .header(REQUEST_ID_HEADER, requestId)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}
