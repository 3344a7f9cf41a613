// JSON Pointers (RFC 6901) into an OpenAPI document, shared by the request and response validators.

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One pointer token for a name (`~` and `/` escaped). */
export const escapePointer = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The name one pointer token stands for. */
export const unescapePointer = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The node at `pointer`, or undefined; only own members are followed (a token never reaches a prototype). */
export function nodeAt(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map(unescapePointer)
    .reduce<unknown>((node, token) => {
      if (Array.isArray(node)) return /^\d+$/.test(token) ? node[Number(token)] : undefined;
      return isJsonObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
    }, document);
}

/** Follows local `$ref`s from `pointer` to a node that is not a reference: [its pointer, the node]. */
export function followRefs(document: unknown, pointer: string): [string, unknown] {
  let node = nodeAt(document, pointer);
  for (let hops = 0; isJsonObject(node) && typeof node.$ref === 'string'; hops++) {
    if (!node.$ref.startsWith('#/') || hops > 20)
      throw new Error(`cannot follow $ref ${node.$ref} at ${pointer}`);
    pointer = node.$ref.slice(1);
    node = nodeAt(document, pointer);
  }
  return [pointer, node];
}
