import { codePointLength, isRfc3339UtcInstant } from './envelope-headers.util';

describe('isRfc3339UtcInstant', () => {
  it.each([
    '2026-01-15T09:30:01Z',
    '2026-01-15T09:30:01.000Z',
    '2026-01-15T09:30:01.123456789Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T23:59:59Z',
    '2026-12-31T23:59:59.9Z',
  ])('accepts %s', (time) => expect(isRfc3339UtcInstant(time)).toBe(true));

  it.each([
    '2026-02-29T00:00:00Z', // not a leap year
    '1900-02-29T00:00:00Z', // century, not a leap year
    '2026-02-30T09:30:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-15T24:00:00Z',
    '2026-01-15T23:60:00Z',
    '2016-12-31T23:59:60Z', // leap second
    '2026-01-15t09:30:01z',
    '2026-01-15T09:30:01+00:00',
    '2026-01-15T09:30:01.Z',
    '2026-01-15T09:30:01.1234567890Z',
  ])('refuses %s', (time) => expect(isRfc3339UtcInstant(time)).toBe(false));
});

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units or bytes', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('\u{1D11E}\u{1D11E}')).toBe(2);
    expect(codePointLength('é')).toBe(1);
  });
});
