import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';

import { createHttpLoggerParams, createRootLogger } from './logger.factory';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  const logger = createRootLogger(
    { service: 'payment-switch', instanceId: 'i-1', level: 'info' },
    destination,
  );
  return { logger, lines };
}

describe('createRootLogger', () => {
  it('writes JSON lines with the service, the instance, an ISO time and a level name', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'payment-switch',
      instanceId: 'i-1',
      msg: 'hello',
    });
    expect(lines[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts authorization, cookie and API key headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer s3cret', cookie: 'sid=1', 'x-api-key': 'k', accept: '*/*' },
        },
      },
      'request',
    );
    expect(lines[0]?.req).toEqual({
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-api-key': '[redacted]',
        accept: '*/*',
      },
    });
  });
});

describe('createHttpLoggerParams', () => {
  const { logger } = capture();
  const params = createHttpLoggerParams(logger);
  const pinoHttp = params.pinoHttp as Options;

  it('logs every route, unmatched ones included', () => {
    expect(params.forRoutes).toEqual([{ path: '{*splat}', method: expect.any(Number) }]);
  });

  it('uses the id fastify resolved for the request', () => {
    const req = { id: 'from-fastify', headers: { 'x-request-id': 'other' } } as unknown as IncomingMessage;
    expect(pinoHttp.genReqId?.(req, {} as never)).toBe('from-fastify');
  });

  it('serializes a request without its body', () => {
    const serialize = pinoHttp.serializers?.req as (req: object) => object;
    const serialized = serialize({
      id: 'r',
      method: 'POST',
      url: '/x',
      headers: {},
      remoteAddress: '::1',
      body: { password: 'p' },
      raw: {},
    });
    expect(serialized).toEqual({ id: 'r', method: 'POST', url: '/x', headers: {}, remoteAddress: '::1' });
  });

  it('keeps probes and scrapes out of the request log', () => {
    const ignore = (pinoHttp.autoLogging as { ignore: (req: IncomingMessage) => boolean }).ignore;
    const request = (originalUrl: string) => ({ url: '/', originalUrl }) as unknown as IncomingMessage;
    expect(ignore(request('/health/ready'))).toBe(true);
    expect(ignore(request('/metrics'))).toBe(true);
    expect(ignore(request('/sandbox/peers'))).toBe(false);
    expect(ignore(request('/health/readyz'))).toBe(false);
  });
});
