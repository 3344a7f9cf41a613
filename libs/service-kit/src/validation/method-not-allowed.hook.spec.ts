import type { FastifyReply, FastifyRequest } from 'fastify';

import { methodNotAllowedHook } from './method-not-allowed.hook';

const document = {
  paths: {
    '/health/live': { $ref: '#/components/pathItems/Live' },
    '/items/{id}/close': { post: {} },
    '/identifiers/{did}': { get: {} },
  },
  components: { pathItems: { Live: { get: {} } } },
};

async function answer(method: string, url: string) {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const reply = {
    code(status: number) {
      sent.status = status;
      return this;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    async send(body: string) {
      sent.body = body;
    },
  };
  await methodNotAllowedHook(document)(
    { method, url, id: 'req-1' } as unknown as FastifyRequest,
    reply as unknown as FastifyReply,
  );
  return sent;
}

describe('methodNotAllowedHook', () => {
  it('answers a method the contract does not declare for a path with 405, Allow and a problem', async () => {
    const sent = await answer('DELETE', '/health/live?x=1');
    expect(sent.status).toBe(405);
    expect(sent.headers.allow).toBe('GET, HEAD');
    expect(sent.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(sent.body ?? '{}')).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      instance: '/health/live',
      requestId: 'req-1',
    });
  });

  it('lets declared methods, HEAD of a GET, and paths outside the contract through', async () => {
    expect((await answer('GET', '/health/live')).status).toBeUndefined();
    expect((await answer('HEAD', '/health/live')).status).toBeUndefined();
    expect((await answer('POST', '/items/42/close')).status).toBeUndefined();
    expect((await answer('PUT', '/docs')).status).toBeUndefined();
  });

  it('matches templates: a trailing parameter may hold slashes, an inner one may not', async () => {
    expect((await answer('GET', '/identifiers/did:web:example.com/path')).status).toBeUndefined();
    expect((await answer('TRACE', '/identifiers/did:web:example.com/path')).status).toBe(405);
    expect((await answer('GET', '/items/42/close')).headers.allow).toBe('POST');
    expect((await answer('POST', '/items/4/2/close')).status).toBeUndefined();
  });
});
