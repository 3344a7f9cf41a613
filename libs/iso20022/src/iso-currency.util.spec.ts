import { checkAmount, SUPPORTED_CURRENCIES } from './iso-currency.util';

const code = (ccy: string, amt: string): string | undefined => checkAmount(ccy, amt)?.code;

describe('checkAmount', () => {
  it('lists the ISO 4217 minor units of the supported currencies', () => {
    expect(Object.fromEntries(SUPPORTED_CURRENCIES)).toEqual({
      BRL: 2,
      EUR: 2,
      INR: 2,
      KES: 2,
      PHP: 2,
      USD: 2,
      XOF: 0,
    });
  });

  it.each([
    ['BRL', '0.01'],
    ['BRL', '150'],
    ['PHP', '150.5'],
    ['KES', '999999999999999999'],
    ['EUR', '9999999999999999.99'],
    ['XOF', '5000'],
  ])('accepts %s %s', (ccy, amt) => {
    expect(code(ccy, amt)).toBeUndefined();
  });

  it.each([
    ['an unknown currency', 'JPY', '100', 'AM03'],
    ['a lower-case currency', 'brl', '1.00', 'AM03'],
    ['a negative amount', 'BRL', '-1.00', 'AM12'],
    ['a signed amount', 'BRL', '+1.00', 'AM12'],
    ['an exponent', 'BRL', '1e2', 'AM12'],
    ['a leading zero', 'BRL', '01.00', 'AM12'],
    ['a trailing point', 'BRL', '1.', 'AM12'],
    ['an empty amount', 'BRL', '', 'AM12'],
    ['three decimals in BRL', 'BRL', '1.005', 'AM12'],
    ['any decimal in XOF', 'XOF', '100.0', 'AM12'],
    ['19 digits', 'USD', '99999999999999999.99', 'AM12'],
    ['zero', 'BRL', '0', 'AM01'],
    ['zero with decimals', 'BRL', '0.00', 'AM01'],
  ])('refuses %s', (_name, ccy, amt, expected) => {
    expect(code(ccy, amt)).toBe(expected);
  });

  it('names where the problem is, as a JSON Pointer', () => {
    expect(checkAmount('JPY', '1')?.path).toBe('/CdtTrfTxInf/IntrBkSttlmAmt/Ccy');
    expect(checkAmount('BRL', '0')?.path).toBe('/CdtTrfTxInf/IntrBkSttlmAmt/Amt');
  });
});
