import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';

import { createJsonSchemaAjv } from '@dpi/messaging';

import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import { validatePacs002, validatePacs008 } from './pacs-business.validator';
import type { Pacs002, Pacs008 } from './pacs-message.types';
import { reasonCodeForSchemaError } from './schema-error-reason.util';

/** The message kinds the checker knows, told apart by their transaction element. */
export type PacsKind = 'pacs.008' | 'pacs.002';

/** A message that passed, typed by its kind. */
export type CheckedPacs = { kind: 'pacs.008'; message: Pacs008 } | { kind: 'pacs.002'; message: Pacs002 };

/**
 * Checks ISO 20022-aligned JSON as the switch does, in the spec's order: its JSON Schema from
 * contracts/schemas/iso20022 (a failure is FF01, or a more precise code for amount, currency,
 * EndToEndId and NbOfTxs), then the business rules. Throws the first refusal as an Iso20022Error.
 */
export class PacsMessageChecker {
  private constructor(private readonly validators: ReadonlyMap<PacsKind, ValidateFunction>) {}

  /** Compiles the schemas of `<contractsDir>/schemas/iso20022`. */
  static fromContracts(contractsDir: string): PacsMessageChecker {
    const ajv = createJsonSchemaAjv({ dialect: '2020-12' });
    const compile = (kind: PacsKind) =>
      ajv.compile(
        JSON.parse(
          readFileSync(join(contractsDir, 'schemas', 'iso20022', `${kind}.schema.json`), 'utf8'),
        ) as object,
      );
    return new PacsMessageChecker(
      new Map<PacsKind, ValidateFunction>([
        ['pacs.008', compile('pacs.008')],
        ['pacs.002', compile('pacs.002')],
      ]),
    );
  }

  check(message: unknown): CheckedPacs {
    const kind = kindOf(message);
    const validate = this.validators.get(kind) as ValidateFunction;
    if (!validate(message)) {
      const first = validate.errors?.[0];
      const path = first?.instancePath ?? '';
      throw new Iso20022Error(
        reasonCodeForSchemaError(path),
        path || '/',
        first?.message ?? 'does not match the schema',
      );
    }
    const refusal =
      kind === 'pacs.008' ? validatePacs008(message as Pacs008) : validatePacs002(message as Pacs002);
    if (refusal) throw refusal;
    return kind === 'pacs.008'
      ? { kind, message: message as Pacs008 }
      : { kind, message: message as Pacs002 };
  }
}

/** pacs.008 carries CdtTrfTxInf, pacs.002 TxInfAndSts; anything else is no message this checker knows. */
export function kindOf(message: unknown): PacsKind {
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
    if (Object.hasOwn(message, 'CdtTrfTxInf')) return 'pacs.008';
    if (Object.hasOwn(message, 'TxInfAndSts')) return 'pacs.002';
  }
  throw new Iso20022Error(
    IsoReasonCode.InvalidFileFormat,
    '/',
    'neither a pacs.008 (with CdtTrfTxInf) nor a pacs.002 (with TxInfAndSts) message',
  );
}
