import { resolveRequestId } from './request-id.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it('keeps a printable id the caller sent', () => {
    expect(resolveRequestId('order-42/abc')).toBe('order-42/abc');
  });

  it('keeps an id of exactly 128 characters', () => {
    const id = 'a'.repeat(128);
    expect(resolveRequestId(id)).toBe(id);
  });

  it('uses the first value when the header is repeated', () => {
    expect(resolveRequestId(['first', 'second'])).toBe('first');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['longer than 128 characters', 'a'.repeat(129)],
    ['holding a space', 'two words'],
    ['holding a control character', 'id\u0007bell'],
    ['holding a newline (log injection)', 'id\nforged'],
    ['non-ASCII', 'idé'],
  ])('generates a UUID when the header is %s', (_case, header) => {
    const id = resolveRequestId(header);
    expect(id).toMatch(UUID);
    expect(id).not.toBe(header);
  });

  it('generates a different id for each request', () => {
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});
