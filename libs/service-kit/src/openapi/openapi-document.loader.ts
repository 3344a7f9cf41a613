import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { parse as parseYaml } from 'yaml';

import { hoistSchemaDefs } from './hoist-schema-defs.util';

/** The shared components file every service contract references. */
export const COMMON_OPENAPI_FILE = 'common.yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const COMMON_REF = new RegExp(`^(\\./)?${COMMON_OPENAPI_FILE.replace('.', '\\.')}#`);

/** Rewrites `./common.yaml#/components/...` references to the same pointer inside the document itself. */
function localiseCommonRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(localiseCommonRefs);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? item.replace(COMMON_REF, '#') : localiseCommonRefs(item),
    ]),
  );
}

/** The service's components plus every shared component it does not define itself. */
function mergeComponents(own: Json | undefined, common: Json | undefined): JsonObject {
  const merged: JsonObject = {};
  for (const source of [common, own]) {
    if (!isObject(source)) continue;
    for (const [kind, entries] of Object.entries(source)) {
      merged[kind] = {
        ...(isObject(merged[kind]) ? merged[kind] : {}),
        ...(isObject(entries) ? entries : {}),
      };
    }
  }
  return merged;
}

/** The path of a service's contract: `<contractsDir>/openapi/<service>.yaml`. */
export function openApiPath(contractsDir: string, service: string): string {
  return join(contractsDir, 'openapi', `${service}.yaml`);
}

/**
 * A service's OpenAPI contract as one self-contained document: the shared components of
 * contracts/openapi/common.yaml merged into its `components` (names kept), and any remaining file
 * references (contracts/schemas/*.json) bundled in by swagger-parser, their `$defs` moved to
 * `components/schemas` so that every reference resolves against the document root.
 */
export async function loadOpenApiDocument(contractsDir: string, service: string): Promise<OpenAPIObject> {
  const path = openApiPath(contractsDir, service);
  const own = parseYaml(await readFile(path, 'utf8')) as JsonObject;
  const common = parseYaml(
    await readFile(join(contractsDir, 'openapi', COMMON_OPENAPI_FILE), 'utf8'),
  ) as JsonObject;
  const merged = localiseCommonRefs({
    ...own,
    components: mergeComponents(own.components, common.components),
  }) as JsonObject;
  // Relative file references in the merged document resolve against the shared file's folder, which is the service file's too.
  const bundled = await SwaggerParser.bundle(path, merged as never, {});
  return hoistSchemaDefs(bundled) as unknown as OpenAPIObject;
}
