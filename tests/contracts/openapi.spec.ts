import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse } from 'yaml';

import { loadOpenApiDocument } from '@dpi/service-kit';

import { listFiles } from './contract-files.util';

const files = listFiles('contracts/openapi', /\.ya?ml$/);

/** A small, valid OpenAPI 3.1 document that each negative case breaks in one place. */
function minimalDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'negative case', version: '0.0.0' },
    paths: {
      '/ping': {
        get: {
          responses: {
            '200': { description: 'pong', content: { 'application/json': { schema: { type: 'string' } } } },
          },
        },
      },
    },
  };
}

describe('contracts/openapi', () => {
  it('holds at least one OpenAPI file', () => {
    expect(files.map((file) => basename(file))).not.toEqual([]);
  });

  // test.each needs at least one row; the test above fails when there is none.
  it.each(files.length > 0 ? files.map((file) => [basename(file), file]) : [['(no files)', '']])(
    '%s is a valid OpenAPI 3.1 document',
    async (_name, file) => {
      expect(file).not.toBe('');
      expect(String((parse(readFileSync(file, 'utf8')) as { openapi?: unknown }).openapi)).toMatch(
        /^3\.1\.\d+$/,
      );
      // Resolves relative $refs (common.yaml, ../schemas/*.json) and checks against the 3.1 schema.
      await expect(SwaggerParser.validate(file)).resolves.toHaveProperty('openapi');
    },
  );

  const services = files.map((file) => basename(file, '.yaml')).filter((name) => name !== 'common');

  // What a service serves at /openapi.json must be usable by generic tools (fuzzers, code generators)
  // that resolve every `#/...` reference against the document root.
  it.each(services)('%s is served bundled: every $ref resolves from the document root', async (service) => {
    const document = await loadOpenApiDocument(resolve('contracts'), service);
    const text = JSON.stringify(document);
    expect(text).not.toContain('"#/$defs/');
    expect(text).not.toMatch(/"\$ref":"(?!#\/)/);
    const ids: string[] = [];
    JSON.parse(text, (key, value: unknown) => {
      if (key === '$id') ids.push(String(value));
      return value;
    });
    expect(ids).toEqual([]);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toHaveProperty(
      'openapi',
    );
  });

  describe('the validator', () => {
    it('accepts the unbroken negative-case document', async () => {
      await expect(SwaggerParser.validate(minimalDocument() as never)).resolves.toHaveProperty('paths');
    });

    it('rejects a document without info.title', async () => {
      const document = minimalDocument();
      document.info = { version: '0.0.0' };
      await expect(SwaggerParser.validate(document as never)).rejects.toThrow(/title/);
    });

    it('rejects a response without a description', async () => {
      const document = minimalDocument();
      document.paths = { '/ping': { get: { responses: { '200': {} } } } };
      await expect(SwaggerParser.validate(document as never)).rejects.toThrow(/description/);
    });

    it('rejects a $ref that points nowhere', async () => {
      const document = minimalDocument();
      document.paths = {
        '/ping': { get: { responses: { '200': { $ref: '#/components/responses/Missing' } } } },
      };
      await expect(SwaggerParser.validate(document as never)).rejects.toThrow(/Missing/);
    });
  });
});
