import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';

import { DomainException, type ProblemCatalogue } from './domain.exception';
import { mapToProblem, ProblemDetailsFilter, type ProblemContext } from './problem-details.filter';
import { ProblemMap, problemsOf } from './problem-map';
import { REQUEST_PROBLEMS, RequestValidationException } from './request-validation.exception';

enum TestCode {
  InsufficientLiquidity = 'INSUFFICIENT_LIQUIDITY',
  LedgerDown = 'LEDGER_DOWN',
}

const TEST_PROBLEMS: ProblemCatalogue<TestCode> = {
  [TestCode.InsufficientLiquidity]: { status: 422, title: 'Insufficient liquidity' },
  [TestCode.LedgerDown]: { status: 503, title: 'Ledger unavailable' },
};

class TestException extends DomainException<TestCode> {}

/** Codes of another feature that no catalogue maps. */
class UnmappedException extends DomainException<'SOMETHING'> {}

const problems = new ProblemMap([...REQUEST_PROBLEMS, problemsOf(TestException, TEST_PROBLEMS)]);

const context: ProblemContext = {
  method: 'POST',
  url: '/transfers?dryRun=true',
  requestId: 'req-1',
  bodyLimitBytes: 1024,
  problems,
};

function fastifyError(code: string, statusCode: number): HttpException {
  return new HttpException('fastify said no', statusCode, {
    cause: Object.assign(new Error('fastify said no'), { code, statusCode }),
  });
}

describe('mapToProblem', () => {
  it("maps a domain exception through the service's problem map, keeping its extensions", () => {
    const { problem, serverFault } = mapToProblem(
      new TestException(
        TestCode.InsufficientLiquidity,
        'PSP A has 10.00 EUR left; the transfer needs 20.00 EUR.',
        { available: '10.00' },
      ),
      context,
    );
    expect(problem).toEqual({
      type: 'https://dpi-city-sandbox.example/problems/insufficient-liquidity',
      title: 'Insufficient liquidity',
      status: 422,
      detail: 'PSP A has 10.00 EUR left; the transfer needs 20.00 EUR.',
      instance: '/transfers',
      code: 'INSUFFICIENT_LIQUIDITY',
      requestId: 'req-1',
      available: '10.00',
    });
    expect(serverFault).toBe(false);
  });

  it('treats a code no catalogue maps as a server fault, revealing nothing', () => {
    const { problem, serverFault } = mapToProblem(
      new UnmappedException('SOMETHING', 'internal detail'),
      context,
    );
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(problem.detail).not.toContain('internal detail');
    expect(serverFault).toBe(true);
  });

  it('maps the code by the feature that threw it: the same code may answer differently elsewhere', () => {
    class OtherFeatureException extends DomainException<'LEDGER_DOWN'> {}
    const map = new ProblemMap([
      problemsOf(TestException, TEST_PROBLEMS),
      problemsOf(OtherFeatureException, { LEDGER_DOWN: { status: 409, title: 'Ledger closed' } }),
    ]);
    const other = mapToProblem(new OtherFeatureException('LEDGER_DOWN', 'closed'), {
      ...context,
      problems: map,
    });
    const own = mapToProblem(new TestException(TestCode.LedgerDown, 'down'), { ...context, problems: map });
    expect([other.problem.status, own.problem.status]).toEqual([409, 503]);
  });

  it('does not let extensions overwrite the standard members', () => {
    const { problem } = mapToProblem(
      new TestException(TestCode.InsufficientLiquidity, 'detail', { status: 200, code: 'FORGED' }),
      context,
    );
    expect(problem.status).toBe(422);
    expect(problem.code).toBe('INSUFFICIENT_LIQUIDITY');
  });

  it('treats a 5xx domain exception as a server fault but keeps its detail', () => {
    const { problem, serverFault } = mapToProblem(
      new TestException(TestCode.LedgerDown, 'The ledger is being settled; retry in a minute.'),
      context,
    );
    expect(problem.status).toBe(503);
    expect(problem.detail).toBe('The ledger is being settled; retry in a minute.');
    expect(serverFault).toBe(true);
  });

  it('maps a validation failure to 400 with an errors array', () => {
    const errors = [
      { field: 'amount', message: 'amount must be a decimal string' },
      { field: 'payer.id', message: 'payer.id should not be empty' },
    ];
    const { problem } = mapToProblem(new RequestValidationException(errors), context);
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'Request validation failed',
      errors,
    });
    expect(problem.detail).toContain('2 invalid fields');
  });

  it("maps Nest's unmatched-route 404 to NOT_FOUND with a detail that points to the contract", () => {
    const { problem } = mapToProblem(new NotFoundException('Cannot POST /transfers?dryRun=true'), context);
    expect(problem).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      title: 'Not Found',
      instance: '/transfers',
    });
    expect(problem.detail).toBe(
      'No route matches POST /transfers; /openapi.json lists the routes of this service.',
    );
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'BODY_TOO_LARGE', '1024 bytes'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/json'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'MALFORMED_BODY', 'not valid JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'MALFORMED_BODY', 'empty'],
  ])('maps fastify %s to %i %s', (fastifyCode, status, code, detailPart) => {
    const { problem, serverFault } = mapToProblem(fastifyError(fastifyCode, status), context);
    expect(problem).toMatchObject({ status, code });
    expect(problem.detail).toContain(detailPart);
    expect(serverFault).toBe(false);
  });

  it('maps a JSON syntax error from a body parser to MALFORMED_BODY', () => {
    const { problem } = mapToProblem(
      new BadRequestException('Unexpected token', { cause: new SyntaxError('Unexpected token') }),
      context,
    );
    expect(problem).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
  });

  it('maps any other HttpException by its status, keeping a 4xx message', () => {
    const { problem } = mapToProblem(new ForbiddenException('This PSP may not read that alias.'), context);
    expect(problem).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      title: 'Forbidden',
      detail: 'This PSP may not read that alias.',
    });
  });

  it('hides the message of a 5xx HttpException', () => {
    const { problem, serverFault } = mapToProblem(
      new ServiceUnavailableException('pool exhausted at 10.0.0.3'),
      context,
    );
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(problem.detail).not.toContain('10.0.0.3');
    expect(serverFault).toBe(true);
  });

  it('maps an unknown error to a generic 500 that reveals nothing but the request id', () => {
    const { problem, serverFault } = mapToProblem(
      new Error('password authentication failed for user "postgres"'),
      context,
    );
    expect(problem).toEqual({
      type: 'https://dpi-city-sandbox.example/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; quote request id req-1 when reporting it.',
      instance: '/transfers',
      code: 'INTERNAL_ERROR',
      requestId: 'req-1',
    });
    expect(serverFault).toBe(true);
  });

  it('maps a thrown non-error value to a generic 500', () => {
    expect(mapToProblem('a string', context).problem.status).toBe(500);
  });
});

describe('ProblemDetailsFilter', () => {
  function run(exception: unknown) {
    const logged: Array<{ context: object; message: string }> = [];
    const sent: { status?: number; headers: Record<string, string>; payload?: string } = { headers: {} };
    const reply = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      header(name: string, value: string) {
        sent.headers[name] = value;
        return this;
      },
      send(payload: string) {
        sent.payload = payload;
      },
    };
    const request = { id: 'req-7', method: 'GET', url: '/ledger' };
    const host = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    } as unknown as ArgumentsHost;
    new ProblemDetailsFilter(
      { error: (ctx, message) => logged.push({ context: ctx, message }) },
      2048,
      problems,
    ).catch(exception, host);
    return { logged, sent, body: JSON.parse(sent.payload ?? '{}') as Record<string, unknown> };
  }

  it('sends application/problem+json with the status of the problem', () => {
    const { sent, body, logged } = run(new TestException(TestCode.InsufficientLiquidity, 'not enough'));
    expect(sent.status).toBe(422);
    expect(sent.headers['content-type']).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 422, requestId: 'req-7', instance: '/ledger' });
    expect(logged).toHaveLength(0);
  });

  it('logs an unknown error with its cause and the request id, and returns neither the message nor the stack', () => {
    const error = new Error('relation "ledger" does not exist');
    const { sent, logged } = run(error);
    expect(sent.status).toBe(500);
    expect(sent.payload).not.toContain('relation');
    expect(sent.payload).not.toContain('problem-details.filter.spec');
    expect(logged).toEqual([
      {
        context: expect.objectContaining({ err: error, requestId: 'req-7' }),
        message: 'request failed with a server error',
      },
    ]);
  });

  it('uses its configured body limit in a 413 detail', () => {
    const { body } = run(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413));
    expect(body.detail).toContain('2048 bytes');
  });
});

describe('ProblemDetailsFilter with a route that extends its problems', () => {
  it("adds the route's members to any error, never replacing a standard member", () => {
    const sent: { payload?: string } = {};
    const reply = {
      status() {
        return this;
      },
      header() {
        return this;
      },
      send(payload: string) {
        sent.payload = payload;
      },
    };
    const request = {
      id: 'req-9',
      method: 'POST',
      url: '/1.0/create',
      body: { jobId: 'job-1' },
      routeOptions: {
        config: {
          problemExtensions: (problem: { detail: string }, req: { body?: { jobId?: string } }) => ({
            jobId: req.body?.jobId ?? null,
            didState: { state: 'failed', reason: problem.detail },
            status: 200,
          }),
        },
      },
    };
    const host = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    } as unknown as ArgumentsHost;
    new ProblemDetailsFilter({ error: () => undefined }, 2048, problems).catch(
      fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415),
      host,
    );
    const body = JSON.parse(sent.payload ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      jobId: 'job-1',
      didState: { state: 'failed', reason: body.detail },
    });
  });
});
