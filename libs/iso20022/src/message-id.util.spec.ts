import {
  checkEndToEndId,
  END_TO_END_ID_PATTERN,
  MESSAGE_ID_PATTERN,
  MessageIdGenerator,
} from './message-id.util';

const clock = { now: () => new Date('2026-11-29T14:05:59.999Z') };
/** Random bytes 0, 1, 2, ... so the identifiers are fixed. */
const counting = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => i);

describe('MessageIdGenerator', () => {
  it('makes a 32-character EndToEndId: E, participant id, UTC minute from the clock, 11 alphanumerics', () => {
    const id = new MessageIdGenerator('LeeSNtAv', clock, counting).endToEndId();
    expect(id).toBe('ELeeSNtAv202611291405ABCDEFGHIJK');
    expect(id).toHaveLength(32);
    expect(checkEndToEndId(id, 'LeeSNtAv')).toBeUndefined();
  });

  it('makes a 32-character MsgId: M, participant id, 23 alphanumerics', () => {
    const id = new MessageIdGenerator('LeeSNtAv', clock, counting).messageId();
    expect(id).toBe('MLeeSNtAvABCDEFGHIJKLMNOPQRSTUVW');
    expect(id).toMatch(MESSAGE_ID_PATTERN);
  });

  it('skips random bytes that would bias the alphabet (248 and above)', () => {
    const bytes = [255, 248, 0, 247];
    let call = 0;
    const random = (size: number): Uint8Array =>
      Uint8Array.from({ length: size }, () => bytes[call++ % 4] ?? 0);
    // 0 -> 'A', 247 % 62 = 61 -> '9'.
    expect(new MessageIdGenerator('LeeSNtAv', clock, random).endToEndId().slice(21)).toBe('A9A9A9A9A9A');
  });

  it('makes distinct identifiers with the default random source', () => {
    const generator = new MessageIdGenerator('LeeSNtAv', clock);
    const ids = new Set(Array.from({ length: 1000 }, () => generator.endToEndId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(END_TO_END_ID_PATTERN);
  });

  it('refuses a participant id that is not 8 base58 characters', () => {
    expect(() => new MessageIdGenerator('00000000')).toThrow(TypeError);
    expect(() => new MessageIdGenerator('LeeSNtA')).toThrow(TypeError);
  });
});

describe('checkEndToEndId', () => {
  it.each([
    ['27 characters (the Pix sample)', 'E00000000000000000000000000'],
    ['a participant id with 0 (not base58)', 'E0000000020261129140500000000000'],
    ['a lower-case prefix', 'eLeeSNtAv202611291405ABCDEFGHIJK'],
    ['a non-alphanumeric tail', 'ELeeSNtAv202611291405ABCDEFGHIJ-'],
    ['month 13', 'ELeeSNtAv202613291405ABCDEFGHIJK'],
    ['30 February', 'ELeeSNtAv202602301405ABCDEFGHIJK'],
    ['hour 24', 'ELeeSNtAv202611292405ABCDEFGHIJK'],
  ])('refuses %s with FF08', (_name, id) => {
    expect(checkEndToEndId(id)?.code).toBe('FF08');
  });

  it('refuses an EndToEndId made by another participant than the expected one', () => {
    expect(checkEndToEndId('ELeeSNtAv202611291405ABCDEFGHIJK', 'QTkAD4sp')?.code).toBe('FF08');
  });
});
