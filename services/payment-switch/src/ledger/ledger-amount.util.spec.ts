import { formatMinor, minorUnitsOf, positiveMinor } from './ledger-amount.util';

describe('ledger amounts', () => {
  it('takes the minor units of a currency from the ISO 4217 table; refuses others (AM03)', () => {
    expect(minorUnitsOf('EUR')).toBe(2);
    expect(minorUnitsOf('XOF')).toBe(0);
    expect(() => minorUnitsOf('XXX')).toThrow(
      expect.objectContaining({ code: 'CURRENCY_NOT_ALLOWED', reasonCode: 'AM03' }),
    );
  });

  it('accepts positive whole minor units up to 18 digits, as bigint or digits; refuses the rest (AM12)', () => {
    expect(positiveMinor(1n)).toBe(1n);
    expect(positiveMinor('999999999999999999')).toBe(999_999_999_999_999_999n);
    for (const bad of [0n, -1n, 10n ** 18n, '1.5', '-1', '', '1e3', ' 1', '0x10'])
      expect(() => positiveMinor(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_AMOUNT', reasonCode: 'AM12' }),
      );
  });

  it('formats minor units with the currency’s decimals', () => {
    expect(formatMinor(12_345n, 'EUR')).toBe('123.45 EUR');
    expect(formatMinor(5n, 'EUR')).toBe('0.05 EUR');
    expect(formatMinor(-7_000n, 'EUR')).toBe('-70.00 EUR');
    expect(formatMinor(1_500n, 'XOF')).toBe('1500 XOF');
  });
});
