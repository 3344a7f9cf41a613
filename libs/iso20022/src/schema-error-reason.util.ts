import { IsoReasonCode } from './iso-reason-code';

// A JSON Schema failure is a format error (FF01), except where ISO has a more precise reason that
// the PSP can act on: a malformed amount, currency, EndToEndId or number of transactions.
const PRECISE_REASONS: ReadonlyMap<string, IsoReasonCode> = new Map([
  ['/CdtTrfTxInf/IntrBkSttlmAmt/Amt', IsoReasonCode.InvalidAmount],
  ['/CdtTrfTxInf/IntrBkSttlmAmt/Ccy', IsoReasonCode.NotAllowedCurrency],
  ['/CdtTrfTxInf/PmtId/EndToEndId', IsoReasonCode.InvalidEndToEndId],
  ['/TxInfAndSts/OrgnlEndToEndId', IsoReasonCode.InvalidEndToEndId],
  ['/GrpHdr/NbOfTxs', IsoReasonCode.InvalidNumberOfTransactions],
]);

/** The ISO reason code for a JSON Schema failure at `instancePath` (a JSON Pointer, as Ajv reports it). */
export function reasonCodeForSchemaError(instancePath: string): IsoReasonCode {
  return PRECISE_REASONS.get(instancePath) ?? IsoReasonCode.InvalidFileFormat;
}
