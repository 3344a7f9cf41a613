import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';

import { createJsonSchemaAjv } from './json-schema-ajv.factory';

/** Looks up the compiled payload validator of a CloudEvents type. */
export interface SchemaRegistry {
  /** The validator of `type`, or undefined when the type is unknown (and must be rejected). */
  validatorFor(type: string): ValidateFunction | undefined;
}

/** Payload JSON Schemas by CloudEvents type, each compiled once with ajv (draft-07, as AsyncAPI 3). */
export class JsonSchemaRegistry implements SchemaRegistry {
  private readonly ajv: AjvCore;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    // Draft-07 as AsyncAPI 3; the first error is enough on the message hot path.
    this.ajv = createJsonSchemaAjv({ dialect: 'draft-07', allErrors: false });
  }

  /** Builds a registry from a `{ type: schema }` map. */
  static fromSchemas(schemas: Record<string, AnySchema>): JsonSchemaRegistry {
    const registry = new JsonSchemaRegistry();
    for (const [type, schema] of Object.entries(schemas)) registry.register(type, schema);
    return registry;
  }

  /** Adds a schema document (with `$id`) that payload schemas may `$ref`. */
  addSharedSchema(schema: AnySchema): void {
    this.ajv.addSchema(schema);
  }

  /** Compiles and registers the payload schema of `type`; a type may be registered once. */
  register(type: string, schema: AnySchema): void {
    if (this.validators.has(type)) throw new Error(`message type ${type} is defined twice`);
    this.validators.set(type, this.ajv.compile(schema));
  }

  validatorFor(type: string): ValidateFunction | undefined {
    return this.validators.get(type);
  }

  /** The registered types. */
  types(): string[] {
    return [...this.validators.keys()];
  }
}

/** A short, log-safe summary of ajv errors (paths and messages, never the offending values). */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
