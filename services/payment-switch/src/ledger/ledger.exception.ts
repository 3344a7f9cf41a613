import { DomainException } from '@dpi/service-kit';

/** Why the ledger refused an operation. */
export type LedgerErrorCode =
  | 'INVALID_AMOUNT'
  | 'CURRENCY_NOT_ALLOWED'
  | 'INVALID_LIMIT'
  | 'INVALID_TRANSFER'
  | 'PAYER_ACCOUNT_NOT_FOUND'
  | 'PAYEE_ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_NOT_FOUND'
  | 'PER_TRANSFER_LIMIT_EXCEEDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'INSUFFICIENT_LIQUIDITY'
  | 'LIMIT_BELOW_POSITION'
  | 'DUPLICATE_TRANSFER'
  | 'DUPLICATE_REFERENCE'
  | 'RESERVATION_NOT_FOUND'
  | 'TRANSFER_RELEASED'
  | 'TRANSFER_EXPIRED'
  | 'TRANSFER_COMMITTED';

/**
 * The ISO 20022 ExternalStatusReason1Code the transfer flow reports to the PSPs for each refusal
 * (external code list of iso20022.org):
 *   AM12 InvalidAmount, AM03 NotAllowedCurrency, AC02 InvalidDebtorAccountNumber,
 *   AC03 InvalidCreditorAccountNumber, AM02 NotAllowedAmount (per-transfer and daily limit),
 *   AM04 InsufficientFunds, AM05 Duplication, AB03 AbortedSettlementTimeout (a commit past the expiry;
 *   also the reason the expiry sweep releases with).
 * Codes without one (operator mistakes, programming errors of the flow) have none.
 */
export const LEDGER_REASON_CODES: ReadonlyMap<LedgerErrorCode, string> = new Map<LedgerErrorCode, string>([
  ['INVALID_AMOUNT', 'AM12'],
  ['CURRENCY_NOT_ALLOWED', 'AM03'],
  ['PAYER_ACCOUNT_NOT_FOUND', 'AC02'],
  ['PAYEE_ACCOUNT_NOT_FOUND', 'AC03'],
  ['PER_TRANSFER_LIMIT_EXCEEDED', 'AM02'],
  ['DAILY_LIMIT_EXCEEDED', 'AM02'],
  ['INSUFFICIENT_LIQUIDITY', 'AM04'],
  ['DUPLICATE_TRANSFER', 'AM05'],
  ['DUPLICATE_REFERENCE', 'AM05'],
  ['TRANSFER_EXPIRED', 'AB03'],
]);

/** A refused ledger operation: `code` for the HTTP edge, `reasonCode` (ISO) for the pacs.002 the flow sends. */
export class LedgerException extends DomainException<LedgerErrorCode> {
  readonly reasonCode: string | undefined;

  constructor(code: LedgerErrorCode, detail: string, extensions: Readonly<Record<string, unknown>> = {}) {
    const reasonCode = LEDGER_REASON_CODES.get(code);
    super(code, detail, reasonCode ? { reasonCode, ...extensions } : extensions);
    this.reasonCode =
      reasonCode ?? (typeof extensions.reasonCode === 'string' ? extensions.reasonCode : undefined);
  }
}
