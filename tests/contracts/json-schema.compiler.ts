import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { isRecord, listFiles } from './contract-files.util';

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2020_12 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/** One JSON Schema file of contracts/schemas with the draft its `$schema` names. */
export interface SchemaFile {
  file: string;
  draft: 'draft-07' | '2020-12';
  schema: Record<string, unknown>;
}

/** Reads `contracts/schemas/*.json`; throws naming the file when one lacks `$id` or names an unsupported draft. */
export function readSchemaFiles(): SchemaFile[] {
  return listFiles('contracts/schemas', /\.json$/).map((file) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!isRecord(schema)) throw new Error(`${basename(file)} is not a JSON object`);
    const declared = String(schema.$schema ?? '');
    const draft = DRAFT_07.test(declared) ? 'draft-07' : DRAFT_2020_12.test(declared) ? '2020-12' : undefined;
    if (!draft)
      throw new Error(`${basename(file)}: $schema must name draft-07 or 2020-12, got "${declared}"`);
    if (typeof schema.$id !== 'string') throw new Error(`${basename(file)} has no $id`);
    return { file, draft, schema };
  });
}

/**
 * Strict Ajv instances, one per draft, each holding the contracts/schemas files of its draft, so
 * that unknown keywords (a typo such as `requried`) fail compilation instead of being ignored.
 * `extraKeywords` are annotation keywords a document format adds (AsyncAPI's `discriminator`, x-...).
 */
export function createSchemaCompilers(
  schemaFiles: SchemaFile[],
  extraKeywords: string[] = [],
): Record<SchemaFile['draft'], Ajv> {
  // allowMatchingProperties: a property that also matches a patternProperties entry is a deliberate design.
  const options = { strict: true, allErrors: true, allowUnionTypes: true, allowMatchingProperties: true };
  const compilers = { 'draft-07': new Ajv(options), '2020-12': new Ajv2020(options) };
  for (const ajv of Object.values(compilers)) {
    addFormats(ajv);
    for (const keyword of extraKeywords) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  }
  for (const { draft, schema } of schemaFiles) compilers[draft].addSchema(schema as AnySchema);
  return compilers;
}

/** Every `x-*` key anywhere in `value`: extension annotations that strict Ajv must be told about. */
export function extensionKeys(value: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(value)) value.forEach((item) => extensionKeys(item, found));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(item, found);
    }
  }
  return [...found];
}

/**
 * Rewrites the `$ref`s of a schema taken from an AsyncAPI document: `#/components/schemas/X` to
 * `<documentId>#/definitions/X`, and a relative file ref into contracts/schemas to that file's `$id`.
 * Any other ref throws, naming it.
 */
export function rewriteRefs(
  value: unknown,
  documentId: string,
  documentFile: string,
  schemaFiles: SchemaFile[],
): unknown {
  if (Array.isArray(value))
    return value.map((item) => rewriteRefs(item, documentId, documentFile, schemaFiles));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key !== '$ref' || typeof item !== 'string')
        return [key, rewriteRefs(item, documentId, documentFile, schemaFiles)];
      if (item.startsWith('#/components/schemas/'))
        return [key, `${documentId}#/definitions/${item.slice('#/components/schemas/'.length)}`];
      const [path = '', pointer] = item.split('#');
      const target = schemaFiles.find(({ file }) => file === resolve(dirname(documentFile), path));
      if (!path || !target) throw new Error(`${basename(documentFile)}: unsupported $ref ${item}`);
      return [
        key,
        pointer === undefined ? String(target.schema.$id) : `${String(target.schema.$id)}#${pointer}`,
      ];
    }),
  );
}

/** Compiles `schema` with `ajv`, returning the validator (compilation throws on an invalid schema). */
export function compileSchema(ajv: Ajv, schema: unknown): ValidateFunction {
  return ajv.compile(schema as AnySchema);
}
