import { join } from 'node:path';
import { asyncApiMessageSchemas, loadAsyncApiDirectory } from './asyncapi-schema.loader';
import { JsonSchemaRegistry } from './json-schema.registry';

const CONTRACTS = join(__dirname, '..', '..', '..', 'contracts', 'asyncapi');

function registryOf(document: unknown): JsonSchemaRegistry {
  const registry = new JsonSchemaRegistry();
  const { shared, messages } = asyncApiMessageSchemas(document, 'urn:test:doc');
  registry.addSharedSchema(shared);
  for (const { type, schema } of messages) registry.register(type, schema as object);
  return registry;
}

describe('AsyncAPI schema loader', () => {
  it('loads the sandbox contract: ServiceStarted validates by its ce_type', async () => {
    const registry = await loadAsyncApiDirectory(CONTRACTS);
    const validate = registry.validatorFor('org.dpi.sandbox.service.started.v1');
    expect(validate).toBeDefined();
    const good = {
      service: 'payment-switch',
      version: '0.1.0',
      instanceId: '0194b3a0-7c00-7000-8000-000000000001',
      startedAt: '2026-01-01T00:00:00Z',
    };
    expect(validate?.(good)).toBe(true);
    expect(validate?.({ ...good, startedAt: 'yesterday' })).toBe(false);
    expect(validate?.({ ...good, extra: 1 })).toBe(false);
    expect(registry.validatorFor('org.dpi.unknown.v1')).toBeUndefined();
  });

  it('resolves nested local refs, inline payloads, message aliases and multi-format schemas', () => {
    const registry = registryOf({
      components: {
        messages: {
          A: {
            name: 'a.v1',
            payload: {
              type: 'object',
              required: ['amount'],
              properties: { amount: { $ref: '#/components/schemas/Amount' } },
            },
          },
          B: {
            name: 'b.v1',
            payload: {
              schemaFormat: 'application/schema+json;version=draft-07',
              schema: { $ref: '#/components/schemas/Money' },
            },
          },
          BAlias: { $ref: '#/components/messages/C' },
          C: { name: 'c.v1', payload: { type: 'string', discriminator: 'ignored-asyncapi-keyword' } },
        },
        schemas: {
          Amount: { type: 'string', pattern: '^[0-9]+$' },
          Money: {
            type: 'object',
            required: ['amount'],
            properties: { amount: { $ref: '#/components/schemas/Amount' } },
          },
        },
      },
    });
    expect(registry.validatorFor('a.v1')?.({ amount: '12' })).toBe(true);
    expect(registry.validatorFor('a.v1')?.({ amount: '1.2' })).toBe(false);
    expect(registry.validatorFor('b.v1')?.({ amount: 'x' })).toBe(false);
    expect(registry.validatorFor('c.v1')?.('ok')).toBe(true);
  });

  it('refuses a message without a name, a non-local ref and a type defined twice', () => {
    expect(() => registryOf({ components: { messages: { A: { payload: {} } } } })).toThrow(/has no name/);
    expect(() =>
      registryOf({ components: { messages: { A: { $ref: '#/components/messages/Nope' } } } }),
    ).toThrow(/missing/);
    expect(() =>
      registryOf({
        components: { messages: { A: { name: 'a', payload: { $ref: 'https://example.com/s.json' } } } },
      }),
    ).toThrow(/only local/);
    const registry = JsonSchemaRegistry.fromSchemas({ a: {} });
    expect(() => registry.register('a', {})).toThrow(/defined twice/);
  });
});
