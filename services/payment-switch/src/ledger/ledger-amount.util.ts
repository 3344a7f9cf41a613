import { SUPPORTED_CURRENCIES } from '@dpi/iso20022';

import { LedgerException } from './ledger.exception';

// ISO 20022 amounts have at most 18 digits (totalDigits 18): in minor units that fits a PostgreSQL
// bigint (9.2e18) with room for sums of many of them.
const MAX_MINOR = 10n ** 18n - 1n;

/** The currency's minor units (ISO 4217, the table of libs/iso20022); CURRENCY_NOT_ALLOWED (AM03) otherwise. */
export function minorUnitsOf(currency: string): number {
  const units = SUPPORTED_CURRENCIES.get(currency);
  if (units === undefined)
    throw new LedgerException('CURRENCY_NOT_ALLOWED', `currency ${currency} is not cleared here`);
  return units;
}

/** `amount` as a positive minor-unit bigint of at most 18 digits; INVALID_AMOUNT (AM12) otherwise. */
export function positiveMinor(amount: bigint | string, what = 'amount'): bigint {
  let value: bigint;
  try {
    if (typeof amount === 'string' && !/^[0-9]{1,18}$/.test(amount)) throw new RangeError(amount);
    value = BigInt(amount);
  } catch {
    throw new LedgerException('INVALID_AMOUNT', `${what} must be a whole number of minor units`);
  }
  if (value <= 0n || value > MAX_MINOR)
    throw new LedgerException('INVALID_AMOUNT', `${what} must be between 1 and ${MAX_MINOR} minor units`);
  return value;
}

/** `12345n, 'EUR'` → `123.45 EUR`, for messages people read. */
export function formatMinor(amount: bigint, currency: string): string {
  const units = SUPPORTED_CURRENCIES.get(currency) ?? 0;
  const sign = amount < 0n ? '-' : '';
  const digits = (amount < 0n ? -amount : amount).toString().padStart(units + 1, '0');
  const whole = digits.slice(0, digits.length - units);
  return `${sign}${whole}${units > 0 ? `.${digits.slice(-units)}` : ''} ${currency}`;
}
