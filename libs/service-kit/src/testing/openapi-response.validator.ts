import type AjvCore from 'ajv/dist/core';
import type { ValidateFunction } from 'ajv/dist/2020';

import { createJsonSchemaAjv } from '@dpi/messaging';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const escapePointer = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** One HTTP response to check against the contract. */
export interface ContractResponse {
  path: string;
  method: string;
  status: number;
  /** The media type of the body, without parameters (e.g. application/problem+json). */
  contentType: string;
  body: unknown;
}

/**
 * Validates real responses against the response schemas of an OpenAPI 3.1 document (JSON Schema
 * 2020-12, formats checked). Local $refs are followed; `default` answers statuses the operation does
 * not list.
 */
export class OpenApiResponseValidator {
  private readonly ajv: AjvCore;
  private readonly cache = new Map<string, ValidateFunction>();
  private static readonly DOCUMENT_ID = 'urn:dpi:openapi-under-test';

  constructor(private readonly document: JsonObject) {
    this.ajv = createJsonSchemaAjv({ dialect: '2020-12', allErrors: true });
    this.ajv.addSchema(document, OpenApiResponseValidator.DOCUMENT_ID);
  }

  /** Throws an error listing every mismatch when `response` does not match the contract. */
  assertValid(response: ContractResponse): void {
    const pointer = this.schemaPointer(response);
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${OpenApiResponseValidator.DOCUMENT_ID}#${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (!validate(response.body)) {
      const problems = (validate.errors ?? []).map(
        (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );
      throw new Error(
        `${response.method.toUpperCase()} ${response.path} ${response.status} does not match the contract (${pointer}):\n  ${problems.join('\n  ')}`,
      );
    }
  }

  /** Throws unless `body` is a problem details object as components/schemas/ProblemDetails defines it. */
  assertProblem(body: unknown): void {
    const pointer = '/components/schemas/ProblemDetails';
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${OpenApiResponseValidator.DOCUMENT_ID}#${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (!validate(body))
      throw new Error(`not a ProblemDetails body: ${this.ajv.errorsText(validate.errors)}`);
  }

  /** The JSON pointer of the schema that describes this response body. */
  private schemaPointer({ path, method, status, contentType }: ContractResponse): string {
    let pointer = `/paths/${escapePointer(path)}`;
    [pointer] = this.follow(pointer);
    pointer += `/${method.toLowerCase()}/responses`;
    const responses = this.at(pointer);
    if (!isObject(responses)) throw new Error(`the contract has no ${method.toUpperCase()} ${path}`);
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : 'default';
    if (!(key in responses))
      throw new Error(`the contract does not allow status ${status} for ${method.toUpperCase()} ${path}`);
    [pointer] = this.follow(`${pointer}/${key}`);
    const content = this.at(`${pointer}/content`);
    if (!isObject(content) || !(contentType in content)) {
      throw new Error(
        `the contract does not allow ${contentType} for ${method.toUpperCase()} ${path} ${status} (it allows ${Object.keys(isObject(content) ? content : {}).join(', ') || 'no body'})`,
      );
    }
    return `${pointer}/content/${escapePointer(contentType)}/schema`;
  }

  /** Follows `$ref`s starting at `pointer` until it reaches a node that is not a reference. */
  private follow(pointer: string): [string, unknown] {
    let node = this.at(pointer);
    for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops++) {
      if (!node.$ref.startsWith('#/') || hops > 20)
        throw new Error(`cannot follow $ref ${node.$ref} at ${pointer}`);
      pointer = node.$ref.slice(1);
      node = this.at(pointer);
    }
    return [pointer, node];
  }

  private at(pointer: string): unknown {
    return pointer
      .split('/')
      .slice(1)
      .map(unescapePointer)
      .reduce<unknown>((node, token) => (isObject(node) ? node[token] : undefined), this.document);
  }
}
