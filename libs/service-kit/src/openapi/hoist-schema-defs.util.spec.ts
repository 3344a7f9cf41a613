import { hoistSchemaDefs } from './hoist-schema-defs.util';

describe('hoistSchemaDefs', () => {
  const document = {
    openapi: '3.1.0',
    paths: {
      '/x': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  $schema: 'https://json-schema.org/draft/2020-12/schema',
                  $id: 'https://example.test/schemas/thing-request.schema.json',
                  properties: { a: { $ref: '#/$defs/did' }, b: { $ref: '#/$defs/pair/items/0' } },
                  $defs: {
                    did: { type: 'string', pattern: '^did:' },
                    pair: { type: 'array', items: [{ $ref: '#/$defs/did' }] },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: { Own: { type: 'object', properties: { keep: { $ref: '#/components/schemas/Own' } } } },
    },
  };

  const hoisted = hoistSchemaDefs(document) as typeof document & {
    components: { schemas: Record<string, unknown> };
  };
  const schema = hoisted.paths['/x'].post.requestBody.content['application/json'].schema as Record<
    string,
    unknown
  >;

  it("moves an embedded schema's $defs to components/schemas and points its references there", () => {
    expect(schema.properties).toEqual({
      a: { $ref: '#/components/schemas/thing-request.did' },
      b: { $ref: '#/components/schemas/thing-request.pair/items/0' },
    });
    expect(hoisted.components.schemas['thing-request.pair']).toEqual({
      type: 'array',
      items: [{ $ref: '#/components/schemas/thing-request.did' }],
    });
    expect(hoisted.components.schemas.Own).toEqual(document.components.schemas.Own);
  });

  it('leaves no $id, $schema or $defs in the embedded schema, so every $ref resolves from the root', () => {
    expect(schema).not.toHaveProperty('$id');
    expect(schema).not.toHaveProperty('$schema');
    expect(schema).not.toHaveProperty('$defs');
    expect(JSON.stringify(hoisted)).not.toContain('#/$defs/');
  });

  it('keeps the root document as it is when nothing is embedded', () => {
    expect(hoistSchemaDefs(document.components)).toEqual(document.components);
  });
});
