import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Options of the kit's one Ajv set-up: coerceTypes only for parameters, which arrive as strings. */
export interface ContractAjvOptions {
  coerceTypes?: boolean | 'array';
}

/**
 * An Ajv for the contracts' JSON Schema 2020-12 (OpenAPI 3.1 schemas): every error reported, formats
 * checked, OpenAPI's own keywords (discriminator, xml, example) tolerated rather than refused.
 */
export function createContractAjv(options: ContractAjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateSchema: false,
    coerceTypes: options.coerceTypes ?? false,
  });
  addFormats(ajv);
  return ajv;
}
