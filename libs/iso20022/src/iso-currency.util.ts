import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';

/** ISO 4217 minor units of the currencies the sandbox clears; any other currency is refused (AM03). */
export const SUPPORTED_CURRENCIES: ReadonlyMap<string, number> = new Map([
  ['BRL', 2],
  ['EUR', 2],
  ['INR', 2],
  ['KES', 2],
  ['PHP', 2],
  ['USD', 2],
  ['XOF', 0],
]);

// ActiveCurrencyAndAmount: xs:decimal, fractionDigits 5, totalDigits 18, minInclusive 0. The sandbox
// also refuses signs, exponents, leading zeros and a trailing point, so one amount has one spelling.
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const MAX_TOTAL_DIGITS = 18;

/** Checks an IntrBkSttlmAmt ({ Ccy, Amt } at JSON Pointer `path`): AM03 unknown currency, AM12 malformed / too many digits, AM01 zero. */
export function checkAmount(
  ccy: string,
  amt: string,
  path = '/CdtTrfTxInf/IntrBkSttlmAmt',
): Iso20022Error | undefined {
  const minorUnits = SUPPORTED_CURRENCIES.get(ccy);
  if (minorUnits === undefined)
    return new Iso20022Error(
      IsoReasonCode.NotAllowedCurrency,
      `${path}/Ccy`,
      `currency ${ccy} is not cleared here`,
    );
  const match = DECIMAL.exec(amt);
  if (!match)
    return new Iso20022Error(IsoReasonCode.InvalidAmount, `${path}/Amt`, 'amount is not a positive decimal');
  const [, units = '', fraction = ''] = match;
  if (fraction.length > minorUnits)
    return new Iso20022Error(
      IsoReasonCode.InvalidAmount,
      `${path}/Amt`,
      `${ccy} has ${minorUnits} decimal(s), the amount has ${fraction.length}`,
    );
  if (units.length + fraction.length > MAX_TOTAL_DIGITS)
    return new Iso20022Error(
      IsoReasonCode.InvalidAmount,
      `${path}/Amt`,
      `more than ${MAX_TOTAL_DIGITS} digits`,
    );
  if (/^0*$/.test(units + fraction))
    return new Iso20022Error(IsoReasonCode.ZeroAmount, `${path}/Amt`, 'amount is zero');
  return undefined;
}
