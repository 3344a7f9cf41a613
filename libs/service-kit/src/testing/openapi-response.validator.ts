import type AjvCore from 'ajv/dist/core';
import type { ValidateFunction } from 'ajv/dist/2020';

import { createJsonSchemaAjv } from '@dpi/messaging';

import {
  escapePointer,
  followRefs,
  isJsonObject,
  nodeAt,
  type JsonObject,
} from '../openapi/json-pointer.util';

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
    [pointer] = followRefs(this.document, pointer);
    pointer += `/${method.toLowerCase()}/responses`;
    const responses = nodeAt(this.document, pointer);
    if (!isJsonObject(responses)) throw new Error(`the contract has no ${method.toUpperCase()} ${path}`);
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : 'default';
    if (!(key in responses))
      throw new Error(`the contract does not allow status ${status} for ${method.toUpperCase()} ${path}`);
    [pointer] = followRefs(this.document, `${pointer}/${key}`);
    const content = nodeAt(this.document, `${pointer}/content`);
    if (!isJsonObject(content) || !(contentType in content)) {
      throw new Error(
        `the contract does not allow ${contentType} for ${method.toUpperCase()} ${path} ${status} (it allows ${Object.keys(isJsonObject(content) ? content : {}).join(', ') || 'no body'})`,
      );
    }
    return `${pointer}/content/${escapePointer(contentType)}/schema`;
  }
}
