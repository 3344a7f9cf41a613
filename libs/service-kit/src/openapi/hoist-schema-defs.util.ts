type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const LOCAL_DEFS = '#/$defs/';

/** The component-name prefix of an embedded schema: `.../credential-issue-request.schema.json` -> `credential-issue-request`. */
function prefixOf(id: string): string {
  const file = id.split(/[/#]/).filter(Boolean).pop() ?? 'schema';
  return file.replace(/\.schema\.json$|\.json$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
}

/**
 * Makes a bundled OpenAPI document readable by tools that resolve `#/...` against the document root
 * only: every schema embedded from contracts/schemas loses its `$id` and `$schema`, its `$defs` move to
 * `components/schemas/<file>.<name>`, and its `#/$defs/<name>` references point there. Validation is
 * unchanged; only where each definition lives changes.
 */
export function hoistSchemaDefs<T extends object>(document: T): T {
  const hoisted: JsonObject = {};

  function visit(node: Json, prefix: string | undefined, isRoot = false): Json {
    if (Array.isArray(node)) return node.map((item) => visit(item, prefix));
    if (!isObject(node)) return node;
    const embedded = !isRoot && typeof node.$id === 'string';
    const scope = embedded ? prefixOf(node.$id as string) : prefix;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (embedded && (key === '$id' || key === '$schema')) continue;
      if (key === '$defs' && scope !== undefined && isObject(value)) {
        for (const [name, definition] of Object.entries(value))
          hoisted[`${scope}.${name}`] = visit(definition, scope);
        continue;
      }
      if (
        key === '$ref' &&
        scope !== undefined &&
        typeof value === 'string' &&
        value.startsWith(LOCAL_DEFS)
      ) {
        const [name = '', ...rest] = value.slice(LOCAL_DEFS.length).split('/');
        out[key] = ['#/components/schemas', `${scope}.${name}`, ...rest].join('/');
        continue;
      }
      out[key] = visit(value, scope);
    }
    return out;
  }

  const result = visit(document as unknown as Json, undefined, true) as JsonObject;
  if (Object.keys(hoisted).length === 0) return result as unknown as T;
  const components = isObject(result.components) ? result.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  return {
    ...result,
    components: { ...components, schemas: { ...schemas, ...hoisted } },
  } as unknown as T;
}
