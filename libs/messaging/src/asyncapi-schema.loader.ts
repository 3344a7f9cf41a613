import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { JsonSchemaRegistry } from './json-schema.registry';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

const SCHEMA_REF = '#/components/schemas/';
const MESSAGE_REF = '#/components/messages/';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites local `#/components/schemas/X` refs to the shared document `documentId`, refusing others. */
function rewriteRefs(value: JsonValue, documentId: string, where: string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, documentId, where));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') {
      if (!v.startsWith(SCHEMA_REF))
        throw new Error(`${where}: only local ${SCHEMA_REF}* refs are supported, got ${v}`);
      out[k] = `${documentId}#/definitions/${v.slice(SCHEMA_REF.length)}`;
    } else {
      out[k] = rewriteRefs(v, documentId, where);
    }
  }
  return out;
}

/** Payload schemas of an AsyncAPI 3 document: `{ shared, messages: [{ type, schema }] }`, refs rewritten to `shared`. */
export function asyncApiMessageSchemas(
  document: unknown,
  documentId: string,
): { shared: JsonObject; messages: Array<{ type: string; schema: JsonValue }> } {
  if (!isObject(document) || !isObject(document.components))
    return { shared: { $id: documentId, definitions: {} }, messages: [] };
  const components = document.components;
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const shared: JsonObject = {
    $id: documentId,
    definitions: rewriteRefs(schemas, documentId, `${documentId} components.schemas`),
  };
  const messages: Array<{ type: string; schema: JsonValue }> = [];
  const declared = isObject(components.messages) ? components.messages : {};
  for (const [key, entry] of Object.entries(declared)) {
    const message = entry;
    // An alias of another component message: the target registers the type itself.
    if (isObject(message) && typeof message.$ref === 'string' && message.$ref.startsWith(MESSAGE_REF)) {
      if (!isObject(declared[message.$ref.slice(MESSAGE_REF.length)]))
        throw new Error(`${documentId}: message ${key} refers to a missing ${message.$ref}`);
      continue;
    }
    if (!isObject(message) || typeof message.name !== 'string')
      throw new Error(`${documentId}: message ${key} has no name (its CloudEvents type)`);
    let payload = message.payload;
    // A multi-format schema object wraps the schema itself.
    if (isObject(payload) && 'schemaFormat' in payload && 'schema' in payload)
      payload = payload.schema as JsonValue;
    if (payload === undefined) throw new Error(`${documentId}: message ${key} has no payload`);
    messages.push({
      type: message.name,
      schema: rewriteRefs(payload, documentId, `${documentId} message ${key}`),
    });
  }
  return { shared, messages };
}

/** Loads the payload schema of every message in the given AsyncAPI files into one registry. */
export async function loadAsyncApiSchemaRegistry(files: string[]): Promise<JsonSchemaRegistry> {
  const registry = new JsonSchemaRegistry();
  for (const file of files) {
    const document: unknown = parseYaml(await readFile(file, 'utf8'));
    const { shared, messages } = asyncApiMessageSchemas(document, `urn:dpi:asyncapi:${basename(file)}`);
    registry.addSharedSchema(shared);
    for (const { type, schema } of messages) registry.register(type, schema as object);
  }
  return registry;
}

/** Loads every `*.yaml` / `*.yml` AsyncAPI file of a directory (e.g. contracts/asyncapi). */
export async function loadAsyncApiDirectory(directory: string): Promise<JsonSchemaRegistry> {
  const names = (await readdir(directory)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return loadAsyncApiSchemaRegistry(names.map((n) => join(directory, n)));
}
