import { hoistSchemaDefs } from '../openapi/hoist-schema-defs.util';
import { OpenApiRequestValidator, type ValidatedRequest } from './openapi-request.validator';

// A contract in the shape loadOpenApiDocument serves: an embedded request schema whose $defs are hoisted.
const document = hoistSchemaDefs({
  openapi: '3.1.0',
  info: { title: 'edge', version: '0' },
  paths: {
    '/items/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 8 } }],
      post: {
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10 } },
          { $ref: '#/components/parameters/Trace' },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $id: 'https://example.test/schemas/item.schema.json',
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' }, owner: { $ref: '#/$defs/owner' } },
                additionalProperties: false,
                $defs: {
                  owner: {
                    type: 'object',
                    properties: { did: { type: 'string', pattern: '^did:' } },
                    additionalProperties: false,
                  },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/identifiers/{did}': {
      get: {
        parameters: [
          { name: 'did', in: 'path', required: true, schema: { type: 'string', pattern: '^did:' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    parameters: {
      Trace: {
        name: 'X-Trace',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^[a-f0-9]+$' },
      },
    },
  },
});

const request = (overrides: Partial<ValidatedRequest> = {}): ValidatedRequest => ({
  method: 'POST',
  params: { id: 'abc' },
  query: {},
  headers: {},
  body: { name: 'x' },
  ...overrides,
});

describe('OpenApiRequestValidator', () => {
  const validator = new OpenApiRequestValidator(document as Record<string, unknown>);

  it('accepts a request that follows the contract', () => {
    expect(validator.validate('/items/:id', request())).toEqual([]);
  });

  it('refuses an unknown body member, naming it by JSON pointer and saying what to do', () => {
    expect(
      validator.validate(
        '/items/:id',
        request({ body: { name: 'x', owner: { did: 'did:x', isAdmin: true } } }),
      ),
    ).toEqual([
      {
        in: 'body',
        field: 'owner.isAdmin',
        pointer: '/owner/isAdmin',
        message: expect.stringContaining('remove it'),
      },
    ]);
  });

  it('follows $defs of an embedded schema (hoisted into components) and never echoes the value', () => {
    const errors = validator.validate(
      '/items/:id',
      request({ body: { name: 'x', owner: { did: 'secret-value' } } }),
    );
    expect(errors).toEqual([
      { in: 'body', field: 'owner.did', pointer: '/owner/did', message: 'must match pattern "^did:"' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('secret-value');
  });

  it('says a member the operation does not take (a false schema) is to be removed', () => {
    const closed = new OpenApiRequestValidator({
      openapi: '3.1.0',
      paths: {
        '/close': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: { allOf: [{ type: 'object' }, { properties: { doc: false } }] },
                },
              },
            },
          },
        },
      },
    });
    expect(closed.validate('/close', request({ body: { doc: {} } }))).toEqual([
      { in: 'body', field: 'doc', pointer: '/doc', message: 'is not accepted by this operation; remove it' },
    ]);
  });

  it('says a required body is missing, and a required member', () => {
    expect(validator.validate('/items/:id', request({ body: undefined }))).toEqual([
      expect.objectContaining({ in: 'body', field: '(body)', pointer: '' }),
    ]);
    expect(validator.validate('/items/:id', request({ body: {} }))).toEqual([
      { in: 'body', field: 'name', pointer: '/name', message: 'is required' },
    ]);
  });

  it('checks path parameters against their maxLength (path-item parameters included)', () => {
    expect(validator.validate('/items/:id', request({ params: { id: 'x'.repeat(9) } }))).toEqual([
      { in: 'path', field: 'id', pointer: '/id', message: 'must NOT have more than 8 characters' },
    ]);
  });

  it('coerces query parameters to the contract type, in place, and checks them', () => {
    const query: Record<string, unknown> = { limit: '7' };
    expect(validator.validate('/items/:id', request({ query }))).toEqual([]);
    expect(query.limit).toBe(7);
    expect(validator.validate('/items/:id', request({ query: { limit: '11' } }))).toEqual([
      { in: 'query', field: 'limit', pointer: '/limit', message: 'must be <= 10' },
    ]);
  });

  it('checks declared headers case-insensitively, under the name the contract gives them', () => {
    expect(validator.validate('/items/:id', request({ headers: { 'x-trace': 'XYZ' } }))).toEqual([
      { in: 'header', field: 'X-Trace', pointer: '/x-trace', message: 'must match pattern "^[a-f0-9]+$"' },
    ]);
  });

  it('refuses an X-Request-Id outside 1-128 printable ASCII on every route, declared or not', () => {
    expect(
      validator.validate('/identifiers/*', {
        ...request(),
        method: 'GET',
        params: { '*': 'did:x' },
        headers: { 'x-request-id': 'has spaces' },
      }),
    ).toEqual([expect.objectContaining({ in: 'header', field: 'X-Request-Id' })]);
    expect(
      validator.validate('/unknown', { ...request(), headers: { 'x-request-id': 'x'.repeat(129) } }),
    ).toHaveLength(1);
  });

  it('maps a wildcard route to the contract template and checks its parameter', () => {
    const get = (did: string) =>
      validator.validate('/identifiers/*', {
        ...request(),
        method: 'GET',
        params: { '*': did },
        body: undefined,
      });
    expect(get('did:ok')).toEqual([]);
    expect(get('nope')).toEqual([expect.objectContaining({ in: 'path', field: 'did' })]);
  });

  it('checks nothing on a route the contract does not describe', () => {
    expect(validator.validate('/docs', request({ body: { anything: 1 } }))).toEqual([]);
  });
});
