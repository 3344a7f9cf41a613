import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { IHeaders } from 'kafkajs';
import { parse as parseYaml } from 'yaml';

import { SERVICE_STARTED_TYPE, type ServiceStarted } from './service-started.event';

/** A lifecycle record as kafkajs hands it over. */
export interface LifecycleRecord {
  headers?: IHeaders;
  value: Buffer | null;
}

/** The announcement, or why the record was skipped. */
export type ParsedLifecycleRecord = { ok: true; started: ServiceStarted } | { ok: false; reason: string };

interface AsyncApiDocument {
  components?: { schemas?: Record<string, object> };
}

/** Compiles the ServiceStarted payload schema from the AsyncAPI contract, so code and contract cannot drift. */
export function loadServiceStartedValidator(contractsDir: string): ValidateFunction<ServiceStarted> {
  const document = parseYaml(
    readFileSync(join(contractsDir, 'asyncapi', 'sandbox.asyncapi.yaml'), 'utf8'),
  ) as AsyncApiDocument;
  const schema = document.components?.schemas?.ServiceStarted;
  if (!schema)
    throw new Error(
      `${contractsDir}/asyncapi/sandbox.asyncapi.yaml has no components.schemas.ServiceStarted`,
    );
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile<ServiceStarted>(schema);
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Checks a lifecycle record's CloudEvents type and payload; never throws. */
export function parseServiceStarted(
  record: LifecycleRecord,
  validate: ValidateFunction<ServiceStarted>,
): ParsedLifecycleRecord {
  const type = header(record.headers, 'ce_type');
  if (type !== SERVICE_STARTED_TYPE)
    return { ok: false, reason: `unexpected ce_type ${JSON.stringify(type ?? null)}` };
  if (!record.value) return { ok: false, reason: 'empty value' };
  let payload: unknown;
  try {
    payload = JSON.parse(record.value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  if (!validate(payload)) {
    const problems = (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
    );
    return { ok: false, reason: `payload does not match the ServiceStarted schema: ${problems.join('; ')}` };
  }
  return { ok: true, started: payload };
}
