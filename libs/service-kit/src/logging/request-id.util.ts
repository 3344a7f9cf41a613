import { randomUUID } from 'node:crypto';

/** The header that carries the correlation id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Printable ASCII only: the id goes into log lines and a response header, so no control characters.
const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

/** Whether a caller's X-Request-Id is one the service keeps (the contract's pattern). */
export function isAcceptableRequestId(header: string | string[]): boolean {
  return typeof header === 'string' && ACCEPTABLE.test(header);
}

/** The caller's X-Request-Id when it is 1-128 printable ASCII characters, otherwise a fresh UUID. */
export function resolveRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
}
