import type { FastifyReply, FastifyRequest } from 'fastify';

import { answerFrameworkError } from './framework-errors.handler';

function answer(code: string, url: string) {
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
    send(body: string) {
      sent.body = body;
    },
  };
  answerFrameworkError(
    { code },
    { id: 'req-2', url } as unknown as FastifyRequest,
    reply as unknown as FastifyReply,
  );
  return { ...sent, problem: JSON.parse(sent.body ?? '{}') as Record<string, unknown> };
}

describe('answerFrameworkError', () => {
  it("answers an over-long path parameter with a 414 problem carrying the request id, not fastify's JSON", () => {
    const sent = answer('FST_ERR_MAX_PARAM_LENGTH', `/1.0/credentials/${'a'.repeat(2000)}/revoke`);
    expect(sent.status).toBe(414);
    expect(sent.headers['content-type']).toBe('application/problem+json');
    expect(sent.headers['x-request-id']).toBe('req-2');
    expect(sent.problem).toMatchObject({ status: 414, code: 'URI_TOO_LONG', requestId: 'req-2' });
  });

  it('answers a malformed URL with a 400 problem whose instance is a valid URI reference', () => {
    const sent = answer('FST_ERR_BAD_URL', '/1.0/identifiers/%E0%A4%A');
    expect(sent.problem).toMatchObject({ status: 400, code: 'BAD_REQUEST', instance: '/' });
  });
});
