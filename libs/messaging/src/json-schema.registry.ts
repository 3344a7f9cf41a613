import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';

/** Looks up the compiled payload validator of a CloudEvents type. */
export interface SchemaRegistry {
  /** The validator of `type`, or undefined when the type is unknown (and must be rejected). */
  validatorFor(type: string): ValidateFunction | undefined;
}

// ajv-formats is CommonJS with `exports.default`; under TypeScript's node16 resolution the default
// import is the module object, so take `.default` explicitly.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (
  ajv: Ajv,
) => Ajv;

/** Payload JSON Schemas by CloudEvents type, each compiled once with ajv (draft-07, as AsyncAPI 3). */
export class JsonSchemaRegistry implements SchemaRegistry {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    // AsyncAPI schema objects may carry keywords JSON Schema lacks (discriminator, externalDocs...).
    this.ajv = addFormats(new Ajv({ strictSchema: false, allErrors: false }));
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
