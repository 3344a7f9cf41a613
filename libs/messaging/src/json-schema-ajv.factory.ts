import { Ajv } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import * as ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under TypeScript's node16 resolution the default
// import is the module object, so take `.default` explicitly.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (
  ajv: AjvCore,
) => AjvCore;

/** What differs between the project's JSON Schema uses. */
export interface JsonSchemaAjvOptions {
  /** `2020-12` for OpenAPI 3.1 and contracts/schemas; `draft-07` for AsyncAPI 3 payloads (the default). */
  dialect?: 'draft-07' | '2020-12';
  /** Report every error (HTTP answers name each field) or stop at the first (the message hot path). */
  allErrors?: boolean;
  /** Coerce strings to the schema's types: for HTTP parameters, which arrive as strings. */
  coerceTypes?: boolean | 'array';
}

/**
 * The project's one Ajv set-up: formats checked, and keywords JSON Schema lacks (OpenAPI's and
 * AsyncAPI's own: discriminator, xml, example, externalDocs) tolerated rather than refused. Every
 * validator of a contract schema, for HTTP and for Kafka, comes from here.
 */
export function createJsonSchemaAjv(options: JsonSchemaAjvOptions = {}): AjvCore {
  const settings = {
    allErrors: options.allErrors ?? false,
    strict: false,
    validateSchema: false,
    coerceTypes: options.coerceTypes ?? false,
  };
  return addFormats(options.dialect === '2020-12' ? new Ajv2020(settings) : new Ajv(settings));
}
