import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DiagnosticSeverity, fromFile, Parser, type Diagnostic } from '@asyncapi/parser';
import { parse } from 'yaml';

import { isRecord, listFiles } from './contract-files.util';
import {
  compileSchema,
  createSchemaCompilers,
  extensionKeys,
  readSchemaFiles,
  rewriteRefs,
  type SchemaFile,
} from './json-schema.compiler';

const files = listFiles('contracts/asyncapi', /\.ya?ml$/);
const rows: Array<[string, string]> =
  files.length > 0 ? files.map((file) => [basename(file), file]) : [['(no files)', '']];
const parser = new Parser();

// AsyncAPI Schema is JSON Schema draft-07 plus these annotations.
const ASYNCAPI_SCHEMA_KEYWORDS = ['discriminator', 'externalDocs'];
// Multi-format payloads (`{ schemaFormat, schema }`) are compiled here only in JSON Schema dialects.
const JSON_SCHEMA_FORMATS =
  /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?(;version=[\d.]+)?|schema\+json;version=draft-07)$/;

/** "severity code path: message" lines of the error-level diagnostics, for a readable failure. */
function errors(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code} ${d.path.join('.')}: ${d.message}`);
}

/** Every message object of a raw AsyncAPI 3 document (components and inline channel messages), by a readable id. */
function messagesOf(document: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const found: Array<[string, Record<string, unknown>]> = [];
  const components =
    isRecord(document.components) && isRecord(document.components.messages)
      ? document.components.messages
      : {};
  for (const [id, message] of Object.entries(components))
    if (isRecord(message)) found.push([`components.messages.${id}`, message]);
  const channels = isRecord(document.channels) ? document.channels : {};
  for (const [channelId, channel] of Object.entries(channels)) {
    const messages = isRecord(channel) && isRecord(channel.messages) ? channel.messages : {};
    for (const [id, message] of Object.entries(messages)) {
      if (isRecord(message) && typeof message.$ref !== 'string')
        found.push([`channels.${channelId}.messages.${id}`, message]);
    }
  }
  return found;
}

function schemaOf(where: string, value: unknown): unknown {
  if (!isRecord(value) || typeof value.schemaFormat !== 'string') return value;
  if (!JSON_SCHEMA_FORMATS.test(value.schemaFormat))
    throw new Error(
      `${where}: schemaFormat ${value.schemaFormat} is not a JSON Schema dialect this test compiles`,
    );
  return value.schema;
}

describe('contracts/asyncapi', () => {
  it('holds at least one AsyncAPI file', () => {
    expect(files.map((file) => basename(file))).not.toEqual([]);
  });

  it.each(rows)('%s parses and validates as AsyncAPI 3 with no error diagnostics', async (_name, file) => {
    expect(file).not.toBe('');
    const { document, diagnostics } = await fromFile(parser, file).parse();
    expect(errors(diagnostics)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
  });

  it.each(rows)('%s gives every channel an address and a Kafka binding', async (_name, file) => {
    const { document, diagnostics } = await fromFile(parser, file).parse();
    if (!document) throw new Error(`${basename(file)} did not parse: ${errors(diagnostics).join('; ')}`);
    const channels = document.channels().all();
    expect(channels.length).toBeGreaterThan(0);
    for (const channel of channels) {
      expect({ channel: channel.id(), address: channel.address() }).toEqual({
        channel: channel.id(),
        address: expect.stringMatching(/^[a-zA-Z0-9._-]+$/),
      });
      expect({ channel: channel.id(), kafka: channel.bindings().has('kafka') }).toEqual({
        channel: channel.id(),
        kafka: true,
      });
    }
  });

  it.each(rows)(
    '%s has message payload and header schemas that compile with Ajv (strict, draft-07)',
    (name, file) => {
      const document = parse(readFileSync(file, 'utf8')) as unknown;
      if (!isRecord(document)) throw new Error(`${name} is not a YAML mapping`);
      const schemaFiles = readSchemaFiles();
      const ajv = createSchemaCompilers(schemaFiles, [
        ...ASYNCAPI_SCHEMA_KEYWORDS,
        ...extensionKeys(document),
      ])['draft-07'];
      const documentId = `urn:dpi:asyncapi:${name}`;
      const shared =
        isRecord(document.components) && isRecord(document.components.schemas)
          ? document.components.schemas
          : {};
      ajv.addSchema({
        $id: documentId,
        definitions: rewriteRefs(shared, documentId, file, schemaFiles),
      } as object);
      for (const id of Object.keys(shared)) {
        expect(() => compileSchema(ajv, { $ref: `${documentId}#/definitions/${id}` })).not.toThrow();
      }
      const messages = messagesOf(document);
      expect(messages.length).toBeGreaterThan(0);
      for (const [where, message] of messages) {
        expect({ where, hasPayload: 'payload' in message }).toEqual({ where, hasPayload: true });
        for (const part of ['payload', 'headers'].filter((key) => key in message)) {
          const schema = rewriteRefs(
            schemaOf(`${where}.${part}`, message[part]),
            documentId,
            file,
            schemaFiles,
          );
          expect(typeof compileSchema(ajv, schema)).toBe('function');
        }
      }
    },
  );

  describe('the parser', () => {
    const valid = {
      asyncapi: '3.0.0',
      info: { title: 'negative case', version: '0.0.0' },
      channels: { c: { address: 'negative.case', bindings: { kafka: { partitions: 1 } } } },
    };

    it('accepts the unbroken negative-case document', async () => {
      expect(errors(await parser.validate(JSON.stringify(valid)))).toEqual([]);
    });

    it('reports an error diagnostic for a non-integer Kafka topic setting', async () => {
      const broken = structuredClone(valid) as unknown as {
        channels: { c: { bindings: { kafka: Record<string, unknown> } } };
      };
      broken.channels.c.bindings.kafka.topicConfiguration = { 'retention.ms': ['one week'] };
      expect(errors(await parser.validate(JSON.stringify(broken))).join('\n')).toMatch(/retention\.ms/);
    });

    it('reports an error diagnostic for a missing info.title and an unresolvable $ref', async () => {
      const broken = {
        ...valid,
        info: { version: '0.0.0' },
        operations: { o: { action: 'send', channel: { $ref: '#/channels/missing' } } },
      };
      const found = errors(await parser.validate(JSON.stringify(broken))).join('\n');
      expect(found).toMatch(/title/);
      expect(found).toMatch(/missing/);
    });
  });

  describe('the schema compiler', () => {
    it('rejects a schema with a misspelt keyword (strict mode)', () => {
      const ajv = createSchemaCompilers([])['draft-07'];
      expect(() => compileSchema(ajv, { type: 'object', requried: ['id'] })).toThrow(/requried/);
    });

    it('rejects a $ref to a component that does not exist', () => {
      const ajv = createSchemaCompilers([])['draft-07'];
      ajv.addSchema({ $id: 'urn:dpi:asyncapi:negative', definitions: {} });
      expect(() => compileSchema(ajv, { $ref: 'urn:dpi:asyncapi:negative#/definitions/Missing' })).toThrow(
        /Missing/,
      );
    });
  });
});

describe('contracts/schemas', () => {
  const schemaFiles = readSchemaFiles();
  const compilers = createSchemaCompilers(schemaFiles);

  it('holds at least one JSON Schema file', () => {
    expect(schemaFiles.length).toBeGreaterThan(0);
  });

  const schemaRows: Array<[string, SchemaFile | undefined]> =
    schemaFiles.length > 0
      ? schemaFiles.map((entry) => [basename(entry.file), entry])
      : [['(no files)', undefined]];

  it.each(schemaRows)('%s compiles with Ajv (strict) under the draft its $schema names', (name, entry) => {
    if (!entry) throw new Error(`no schema file: ${name}`);
    const validate = compilers[entry.draft].getSchema(String(entry.schema.$id));
    expect(typeof validate).toBe('function');
  });

  it('rejects a schema file that names a draft the contracts do not use', () => {
    const ajv = createSchemaCompilers([])['2020-12'];
    expect(() =>
      compileSchema(ajv, { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string' }),
    ).toThrow(/draft-04/);
  });
});
