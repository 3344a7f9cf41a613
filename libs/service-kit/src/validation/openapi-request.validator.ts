import type AjvCore from 'ajv/dist/core';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';

import { createJsonSchemaAjv } from '@dpi/messaging';

import {
  escapePointer,
  followRefs,
  isJsonObject,
  unescapePointer,
  type JsonObject,
} from '../openapi/json-pointer.util';

import type { FieldError, RequestPart } from '../errors/problem-details';
import { isAcceptableRequestId, REQUEST_ID_HEADER } from '../logging/request-id.util';

const DOCUMENT_ID = 'urn:dpi:openapi-contract';
const JSON_MEDIA_TYPE = 'application/json';
// OpenAPI 3.1, "Parameter Object": header parameters with these names are ignored.
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** What the validator reads from a request (a fastify request fits); query and params are coerced in place. */
export interface ValidatedRequest {
  method: string;
  params: unknown;
  query: unknown;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface LocationCheck {
  validate: ValidateFunction;
  /** Property name in the validated object -> the name the contract gives it. */
  names: Map<string, string>;
}

interface OperationCheck {
  path?: LocationCheck;
  query?: LocationCheck;
  header?: LocationCheck;
  body?: { validate: ValidateFunction; required: boolean };
  /** The media types of the request body the operation declares. */
  mediaTypes?: string[];
  /** fastify param name (`id`, `*`) -> contract param name, by position in the template. */
  pathNames: Map<string, string>;
}

/** A route template in one normal form: `/a/:id`, `/a/*` and `/a/{id}` all become `/a/{}`. */
function shapeOf(template: string): string {
  return template
    .split('/')
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) || segment.startsWith(':') || segment === '*' ? '{}' : segment,
    )
    .join('/');
}

function routeParamNames(routeUrl: string): string[] {
  return routeUrl
    .split('/')
    .filter((segment) => segment.startsWith(':') || segment === '*')
    .map((segment) => (segment === '*' ? '*' : segment.slice(1)));
}

function templateParamNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}

/**
 * Checks requests against the operations of a service's OpenAPI 3.1 contract: path, query and header
 * parameters and the JSON request body, each compiled once per operation on first use. The document
 * must be self-contained (local `#/...` references only), as loadOpenApiDocument makes it.
 */
export class OpenApiRequestValidator {
  private readonly bodies: AjvCore = createJsonSchemaAjv({ dialect: '2020-12', allErrors: true });
  // Parameters arrive as strings; coercion turns "2" into 2 where the contract says integer.
  private readonly parameters: AjvCore = createJsonSchemaAjv({
    dialect: '2020-12',
    allErrors: true,
    coerceTypes: 'array',
  });
  private readonly templates = new Map<string, string>();
  private readonly checks = new Map<string, OperationCheck | null>();

  constructor(private readonly document: JsonObject) {
    this.bodies.addSchema(document, DOCUMENT_ID);
    this.parameters.addSchema(document, DOCUMENT_ID);
    const paths = isJsonObject(document.paths) ? document.paths : {};
    for (const template of Object.keys(paths)) this.templates.set(shapeOf(template), template);
  }

  /**
   * The field errors of a request to the route `routeUrl` (fastify's template, e.g. `/1.0/x/:id`);
   * empty when it is valid, or when the contract has no operation for it (nothing to check against).
   */
  validate(routeUrl: string, request: ValidatedRequest): FieldError[] {
    const errors: FieldError[] = [];
    const requestId = request.headers[REQUEST_ID_HEADER];
    if (requestId !== undefined && !isAcceptableRequestId(requestId))
      errors.push({
        in: 'header',
        field: 'X-Request-Id',
        pointer: '',
        message: 'must be 1-128 printable ASCII characters without spaces; send such an id or none',
      });
    const check = this.operation(request.method.toLowerCase(), routeUrl);
    if (!check) return errors;
    if (check.path) {
      const params: JsonObject = {};
      const given = isJsonObject(request.params) ? request.params : {};
      for (const [routeName, contractName] of check.pathNames)
        if (Object.hasOwn(given, routeName)) params[contractName] = given[routeName];
      errors.push(...this.run(check.path, 'path', params));
      for (const [routeName, contractName] of check.pathNames)
        if (Object.hasOwn(params, contractName)) (given as JsonObject)[routeName] = params[contractName];
    }
    if (check.query)
      errors.push(...this.run(check.query, 'query', isJsonObject(request.query) ? request.query : {}));
    if (check.header) {
      const headers: JsonObject = {};
      for (const name of check.header.names.keys())
        if (request.headers[name] !== undefined) headers[name] = request.headers[name];
      errors.push(...this.run(check.header, 'header', headers));
    }
    if (check.body) {
      if (request.body === undefined || request.body === null) {
        if (check.body.required)
          errors.push({
            in: 'body',
            field: '(body)',
            pointer: '',
            message: `is required: send a JSON body with Content-Type ${JSON_MEDIA_TYPE}`,
          });
      } else if (!check.body.validate(request.body)) {
        errors.push(...fieldErrors(check.body.validate.errors, 'body'));
      }
    }
    return dedupe(errors);
  }

  /**
   * The media types the operation takes for a body that came with `contentType`, when that is not one
   * of them; undefined when it is (or the operation takes no body, or the contract has no such route).
   */
  refusedMediaType(routeUrl: string, method: string, contentType: string | undefined): string[] | undefined {
    const check = this.operation(method.toLowerCase(), routeUrl);
    if (!check?.mediaTypes || contentType === undefined) return undefined;
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    return check.mediaTypes.includes(mediaType) ? undefined : check.mediaTypes;
  }

  private run(check: LocationCheck, location: RequestPart, value: JsonObject): FieldError[] {
    if (check.validate(value)) return [];
    return fieldErrors(check.validate.errors, location).map((error) => {
      const [first = '', ...rest] = (error.pointer ?? '').split('/').slice(1);
      const name = check.names.get(unescapePointer(first)) ?? unescapePointer(first);
      return { ...error, field: [name, ...rest.map(unescapePointer)].join('.') };
    });
  }

  private operation(method: string, routeUrl: string): OperationCheck | undefined {
    const key = `${method} ${routeUrl}`;
    let check = this.checks.get(key);
    if (check === undefined) {
      check = this.compile(method, routeUrl) ?? null;
      this.checks.set(key, check);
    }
    return check ?? undefined;
  }

  private compile(method: string, routeUrl: string): OperationCheck | undefined {
    const template = this.templates.get(shapeOf(routeUrl));
    if (!template || !METHODS.has(method)) return undefined;
    const [itemPointer, item] = followRefs(this.document, `/paths/${escapePointer(template)}`);
    if (!isJsonObject(item) || !isJsonObject(item[method])) return undefined;
    const operationPointer = `${itemPointer}/${method}`;
    const operation = item[method] as JsonObject;
    // Operation parameters override path-item ones of the same name and location.
    const byKey = new Map<string, { pointer: string; parameter: JsonObject }>();
    for (const [base, list] of [
      [itemPointer, item.parameters],
      [operationPointer, operation.parameters],
    ] as const) {
      if (!Array.isArray(list)) continue;
      list.forEach((_entry, index) => {
        const [pointer, parameter] = followRefs(this.document, `${base}/parameters/${index}`);
        if (
          !isJsonObject(parameter) ||
          typeof parameter.name !== 'string' ||
          typeof parameter.in !== 'string'
        )
          return;
        byKey.set(`${parameter.in} ${parameter.name.toLowerCase()}`, { pointer, parameter });
      });
    }
    const locations: Partial<Record<'path' | 'query' | 'header', LocationCheck>> = {};
    for (const location of ['path', 'query', 'header'] as const) {
      const properties: JsonObject = {};
      const required: string[] = [];
      const names = new Map<string, string>();
      for (const { pointer, parameter } of byKey.values()) {
        if (parameter.in !== location || !isJsonObject(parameter.schema)) continue;
        const contractName = parameter.name as string;
        const key = location === 'header' ? contractName.toLowerCase() : contractName;
        if (location === 'header' && (IGNORED_HEADERS.has(key) || key === REQUEST_ID_HEADER)) continue;
        properties[key] = { $ref: `${DOCUMENT_ID}#${pointer}/schema` };
        names.set(key, contractName);
        if (parameter.required === true) required.push(key);
      }
      if (names.size === 0) continue;
      locations[location] = {
        validate: this.parameters.compile({ type: 'object', properties, required }),
        names,
      };
    }
    const routeNames = routeParamNames(routeUrl);
    const pathNames = new Map(
      templateParamNames(template).flatMap((name, index) =>
        routeNames[index] === undefined ? [] : [[routeNames[index], name] as [string, string]],
      ),
    );
    const [bodyPointer, requestBody] = isJsonObject(operation.requestBody)
      ? followRefs(this.document, `${operationPointer}/requestBody`)
      : ['', undefined];
    const content = isJsonObject(requestBody) && isJsonObject(requestBody.content) ? requestBody.content : {};
    const body =
      isJsonObject(content[JSON_MEDIA_TYPE]) && isJsonObject((content[JSON_MEDIA_TYPE] as JsonObject).schema)
        ? {
            validate: this.bodies.compile({
              $ref: `${DOCUMENT_ID}#${bodyPointer}/content/${escapePointer(JSON_MEDIA_TYPE)}/schema`,
            }),
            required: isJsonObject(requestBody) && requestBody.required === true,
          }
        : undefined;
    const mediaTypes = Object.keys(content).map((type) => type.toLowerCase());
    return {
      ...locations,
      ...(body ? { body } : {}),
      ...(mediaTypes.length > 0 ? { mediaTypes } : {}),
      pathNames,
    };
  }
}

/** Ajv errors as field errors: a JSON pointer and a dotted name each, never a value from the request. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, location: RequestPart): FieldError[] {
  const all = errors ?? [];
  // oneOf/anyOf/if only repeat what their branches said; keep them when nothing else explains the failure.
  const specific = all.filter((error) => !['oneOf', 'anyOf', 'if'].includes(error.keyword));
  return (specific.length > 0 ? specific : all).map((error) => {
    let pointer = error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      pointer += `/${escapePointer(String(error.params.additionalProperty))}`;
      message = 'is not a field this operation accepts; remove it (the contract lists the accepted fields)';
    } else if (error.keyword === 'required') {
      pointer += `/${escapePointer(String(error.params.missingProperty))}`;
      message = 'is required';
    } else if (error.keyword === 'false schema') {
      message = 'is not accepted by this operation; remove it';
    } else if (error.keyword === 'enum' || error.keyword === 'const') {
      const allowed = error.keyword === 'enum' ? error.params.allowedValues : [error.params.allowedValue];
      message = `must be one of ${JSON.stringify(allowed)}`;
    }
    const field =
      pointer
        .split('/')
        .slice(1)
        .map(unescapePointer)
        .reduce(
          (name, token) =>
            /^\d+$/.test(token) && name ? `${name}[${token}]` : name ? `${name}.${token}` : token,
          '',
        ) || '(body)';
    return { in: location, field, pointer, message };
  });
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.in} ${error.pointer} ${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
