/**
 * The ISO 20022 ExternalStatusReason1Code values this sandbox uses (external code list of
 * iso20022.org). The message layer raises the first group; the switch raises the others.
 */
export const IsoReasonCode = {
  /** AM01 ZeroAmount: the amount is zero. */
  ZeroAmount: 'AM01',
  /** AM02 NotAllowedAmount: above a per-transaction or daily limit. */
  NotAllowedAmount: 'AM02',
  /** AM03 NotAllowedCurrency: a currency the sandbox does not clear. */
  NotAllowedCurrency: 'AM03',
  /** AM04 InsufficientFunds: the payer's position cannot cover the amount. */
  InsufficientFunds: 'AM04',
  /** AM05 Duplication: same EndToEndId with different content. */
  Duplication: 'AM05',
  /** AM09 WrongAmount: a return above the original amount. */
  WrongAmount: 'AM09',
  /** AM12 InvalidAmount: negative, malformed, or more decimals than the currency has. */
  InvalidAmount: 'AM12',
  /** AM18 InvalidNumberOfTransactions: NbOfTxs is not 1. */
  InvalidNumberOfTransactions: 'AM18',
  /** AC03 InvalidCreditorAccountNumber: unknown creditor account. */
  InvalidCreditorAccountNumber: 'AC03',
  /** AC06 BlockedAccount. */
  BlockedAccount: 'AC06',
  /** AB03 AbortedSettlementTimeout: the payee never answered in time. */
  AbortedSettlementTimeout: 'AB03',
  /** DS0G NotAllowedPayment: signer not allowed (bad signature, not the debtor agent). */
  NotAllowedPayment: 'DS0G',
  /** FF01 InvalidFileFormat: malformed XML, schema violation, unsupported element or status. */
  InvalidFileFormat: 'FF01',
  /** FF05 InvalidLocalInstrumentCode: unknown initiation type in MndtRltdInf. */
  InvalidLocalInstrumentCode: 'FF05',
  /** FF08 InvalidEndToEndId: EndToEndId not in the sandbox format. */
  InvalidEndToEndId: 'FF08',
  /** RC01 BankIdentifierIncorrect: an agent is not a did:dpi DID with its participant id. */
  BankIdentifierIncorrect: 'RC01',
} as const;

export type IsoReasonCode = (typeof IsoReasonCode)[keyof typeof IsoReasonCode];
