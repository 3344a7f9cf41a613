import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

import { resolveRequestId } from './request-id.util';

/** Header paths that must never reach a log line, whatever serializer produced them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
];

// Probes hit these every few seconds; logging each would drown the interesting lines.
const QUIET_ROUTES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** The JSON logger of a service process (stdout unless `destination`), every line tagged with service and instance. */
export function createRootLogger(
  options: { service: string; instanceId: string; level: LevelWithSilent },
  destination?: DestinationStream,
): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: { service: options.service, instanceId: options.instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
}

/** nestjs-pino options: request logs on `root`, the id fastify resolved from X-Request-Id, no bodies. */
export function createHttpLoggerParams(root: Logger): Params {
  return {
    // nestjs-pino's default route pattern `{/*splat}` matches nothing under Nest 12's fastify adapter
    // (middie 9), so no request would be logged; `{*splat}` matches every route, unmatched ones too.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger: root,
      // Fastify resolved the id (see bootstrap's genReqId) and middie copied it onto the raw request.
      genReqId: (req: IncomingMessage) =>
        req.id !== undefined ? String(req.id) : resolveRequestId(req.headers['x-request-id']),
      // Middie rewrites req.url relative to the middleware's mount path; originalUrl is the real one.
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) =>
          QUIET_ROUTES.test(req.originalUrl ?? req.url ?? ''),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        // Never the body: only what identifies the request.
        req: (req: {
          id: unknown;
          method: string;
          url: string;
          headers: Record<string, unknown>;
          remoteAddress?: string;
        }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          headers: req.headers,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
