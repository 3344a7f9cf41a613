import type { FastifyReply, FastifyRequest } from 'fastify';

import { instanceOf } from '../errors/framework-errors.handler';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from '../errors/problem-details';
import { REQUEST_ID_HEADER } from '../logging/request-id.util';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/a/{id}/b` -> /^\/a\/[^/]+\/b$/; a trailing parameter may hold slashes (a DID URL path). */
function patternOf(template: string): RegExp {
  const segments = template.split('/').map((segment, index, all) => {
    if (!/^\{[^}]+\}$/.test(segment)) return escapeRegExp(segment);
    return index === all.length - 1 ? '.+' : '[^/]+';
  });
  return new RegExp(`^${segments.join('/')}$`);
}

/** A path item, following a local `$ref` (the shared ones live in components/pathItems). */
function pathItem(document: Record<string, unknown>, entry: unknown): object {
  let item = entry;
  for (
    let hops = 0;
    hops < 10 && typeof item === 'object' && item !== null && Object.hasOwn(item, '$ref');
    hops++
  ) {
    const ref = (item as { $ref: unknown }).$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    item = ref
      .slice(2)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>(
        (node, token) =>
          typeof node === 'object' && node !== null && Object.hasOwn(node, token)
            ? (node as Record<string, unknown>)[token]
            : undefined,
        document,
      );
  }
  return typeof item === 'object' && item !== null ? item : {};
}

/**
 * A fastify onRequest hook: a method the contract does not declare for a path it describes answers
 * 405 Method Not Allowed with an Allow header (HEAD goes with GET), as problem details, before the
 * body is read. Paths outside the contract (/docs) are left to the router.
 */
export function methodNotAllowedHook(document: Record<string, unknown>) {
  const paths = (
    typeof document.paths === 'object' && document.paths !== null ? document.paths : {}
  ) as Record<string, unknown>;
  const described: PathMethods[] = Object.entries(paths).map(([template, entry]) => {
    const item = pathItem(document, entry);
    return {
      pattern: patternOf(template),
      methods: new Set(METHODS.filter((method) => Object.hasOwn(item, method))),
    };
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? '/';
    const matching = described.filter(({ pattern }) => pattern.test(path));
    if (matching.length === 0) return;
    const allowed = new Set(matching.flatMap(({ methods }) => [...methods]));
    if (allowed.has('get')) allowed.add('head');
    const method = request.method.toLowerCase();
    if (allowed.has(method)) return;
    const allow = [...allowed].map((name) => name.toUpperCase()).join(', ');
    const requestId = String(request.id);
    const problem: ProblemDetails = {
      type: problemType('METHOD_NOT_ALLOWED'),
      title: 'Method Not Allowed',
      status: 405,
      detail: `${request.method} is not an operation of ${path}; it allows ${allow}.`,
      instance: instanceOf(path),
      code: 'METHOD_NOT_ALLOWED',
      requestId,
    };
    await reply
      .code(405)
      .header('allow', allow)
      .header(REQUEST_ID_HEADER, requestId)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem));
  };
}
