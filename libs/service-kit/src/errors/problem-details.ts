import { STATUS_CODES } from 'node:http';

/** An RFC 9457 problem details body as the sandbox's services send it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** A stable, machine-readable error code (UPPER_SNAKE_CASE). */
  code: string;
  /** The request's correlation id, also in the X-Request-Id response header. */
  requestId: string;
  /** Field-level failures of a validation error. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Where in a request a field is. */
export type RequestPart = 'body' | 'query' | 'path' | 'header';

/** One failed field of a request validation. */
export interface FieldError {
  /** The field's name: a dotted path in the body (`credentialSubject.role`) or a parameter name. */
  field: string;
  /** What to change, without echoing the value sent. */
  message: string;
  /** Which part of the request holds the field. */
  in?: RequestPart;
  /** RFC 6901 JSON pointer to the field inside that part (`/credentialSubject/role`). */
  pointer?: string;
}

/** The media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where problem type URIs live; `<base><kebab-case code>` names each type. */
export const PROBLEM_TYPE_BASE = 'https://dpi-city-sandbox.example/problems/';

/** The type URI of an error code: INSUFFICIENT_LIQUIDITY -> .../problems/insufficient-liquidity. */
export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** The error code of a bare HTTP status: 404 -> NOT_FOUND, 418 -> I_M_A_TEAPOT. */
export function codeForStatus(status: number): string {
  const text = STATUS_CODES[status] ?? `HTTP ${status}`;
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The standard title of an HTTP status. */
export function titleForStatus(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}
