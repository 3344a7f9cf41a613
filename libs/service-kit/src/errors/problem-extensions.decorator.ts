import { RouteConfig } from '@nestjs/platform-fastify';

import type { ProblemDetails } from './problem-details';

/** The fastify route-config key under which a route keeps its problem extender. */
export const PROBLEM_EXTENSIONS_KEY = 'problemExtensions';

/** What an extender may read of the failed request: its parsed body, when there is one. */
export interface ExtendedRequest {
  body?: unknown;
}

/** Adds a route's own members to every problem it answers (the standard members cannot be replaced). */
export type ProblemExtender = (problem: ProblemDetails, request: ExtendedRequest) => Record<string, unknown>;

/**
 * Gives every error of a route extra members, whatever failed: a body fastify could not parse, an
 * unsupported media type, the edge validation or a domain exception. A protocol whose errors carry
 * more than problem details (the DIF Registrar's jobId and didState) says so once, on its routes.
 */
export const ProblemExtensions = (extend: ProblemExtender): MethodDecorator =>
  RouteConfig({ [PROBLEM_EXTENSIONS_KEY]: extend });

/** The extender of the route a request matched, if it has one. */
export function problemExtenderOf(request: {
  routeOptions?: { config?: unknown };
}): ProblemExtender | undefined {
  const config = request.routeOptions?.config;
  if (typeof config !== 'object' || config === null || !Object.hasOwn(config, PROBLEM_EXTENSIONS_KEY))
    return undefined;
  const extend = (config as Record<string, unknown>)[PROBLEM_EXTENSIONS_KEY];
  return typeof extend === 'function' ? (extend as ProblemExtender) : undefined;
}

/** `problem` with the route's extension members added; the standard members stay as they are. */
export function extendProblem(
  problem: ProblemDetails,
  request: ExtendedRequest & { routeOptions?: { config?: unknown } },
): ProblemDetails {
  const extend = problemExtenderOf(request);
  if (!extend) return problem;
  const extensions = extend(problem, request);
  const extended: ProblemDetails = { ...problem };
  for (const [name, value] of Object.entries(extensions))
    if (!Object.hasOwn(problem, name)) extended[name] = value;
  return extended;
}
