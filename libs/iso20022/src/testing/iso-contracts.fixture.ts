import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { validateXML } from 'xmllint-wasm';

// Test support: the repository's ISO 20022 contracts (XSDs, JSON Schemas, samples, vectors), read
// from the files, and the two validators the tests hold rendered messages to.

/** The repository's contracts/ folder. */
export const CONTRACTS_DIR = join(__dirname, '..', '..', '..', '..', 'contracts');
const XSD_DIR = join(CONTRACTS_DIR, 'iso20022', 'xsd');
const SCHEMA_DIR = join(CONTRACTS_DIR, 'schemas', 'iso20022');

/** Reads a file of contracts/ as UTF-8. */
export function readContract(...path: string[]): string {
  return readFileSync(join(CONTRACTS_DIR, ...path), 'utf8');
}

/** The sorted file names of a contracts/ folder that match `pattern`. */
export function listContracts(folder: string, pattern: RegExp): string[] {
  return readdirSync(join(CONTRACTS_DIR, folder))
    .filter((name) => pattern.test(name))
    .sort();
}

/** The libxml2 (xmllint) schema errors of each XML against the official XSD of `messageName`; [] when valid. */
export async function xsdErrors(messageName: string, xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [
      { fileName: `${messageName}.xsd`, contents: readFileSync(join(XSD_DIR, `${messageName}.xsd`), 'utf8') },
    ],
  });
  return result.errors.map((error) => error.message);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const name of readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.json')))
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')) as object);

/** The compiled JSON Schema of contracts/schemas/iso20022/<name>.schema.json. */
export function jsonSchema(name: 'pacs.008' | 'pacs.002'): ValidateFunction {
  const validate = ajv.getSchema(
    `https://dpi-city-sandbox.example/contracts/schemas/iso20022/${name}.schema.json`,
  );
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}

/** The schema errors of `value`, as "instancePath message" lines; [] when valid. */
export function schemaErrors(name: 'pacs.008' | 'pacs.002', value: unknown): string[] {
  const validate = jsonSchema(name);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`);
}
