import { createJsonSchemaAjv } from './json-schema-ajv.factory';

describe('createJsonSchemaAjv', () => {
  it('checks formats', () => {
    const validate = createJsonSchemaAjv().compile({ type: 'string', format: 'date-time' });
    expect(validate('2026-11-29T10:00:00Z')).toBe(true);
    expect(validate('yesterday')).toBe(false);
  });

  it('tolerates OpenAPI and AsyncAPI keywords JSON Schema lacks', () => {
    const schema = { type: 'object', discriminator: { propertyName: 'k' }, example: {}, externalDocs: {} };
    expect(() => createJsonSchemaAjv().compile(schema)).not.toThrow();
    expect(() => createJsonSchemaAjv({ dialect: '2020-12' }).compile(schema)).not.toThrow();
  });

  it('speaks 2020-12 when asked (prefixItems), draft-07 otherwise', () => {
    const schema = { type: 'array', prefixItems: [{ type: 'integer' }] };
    expect(createJsonSchemaAjv({ dialect: '2020-12' }).compile(schema)(['x'])).toBe(false);
    expect(createJsonSchemaAjv({ dialect: 'draft-07' }).compile(schema)(['x'])).toBe(true);
  });

  it('reports every error only when asked, and coerces only when asked', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
    };
    const first = createJsonSchemaAjv().compile(schema);
    first({ a: 'x', b: 'y' });
    expect(first.errors).toHaveLength(1);
    const all = createJsonSchemaAjv({ allErrors: true }).compile(schema);
    all({ a: 'x', b: 'y' });
    expect(all.errors).toHaveLength(2);
    expect(createJsonSchemaAjv().compile(schema)({ a: '1' })).toBe(false);
    expect(createJsonSchemaAjv({ coerceTypes: true }).compile(schema)({ a: '1' })).toBe(true);
  });
});
