import { tamperValue } from './replay-tampered';

describe('tamperValue', () => {
  it('raises the first digit by one, as an attacker changing an amount would', () => {
    const { value, change } = tamperValue(Buffer.from('{"amount":"1999"}'));
    expect(value.toString()).toBe('{"amount":"2999"}');
    expect(change).toBe('byte 11 of the value changed from "1" to "2"');
    expect(tamperValue(Buffer.from('9')).value.toString()).toBe('0');
  });

  it('changes the case of the first letter when there is no digit, else appends a space', () => {
    expect(tamperValue(Buffer.from('{"ok":true}')).value.toString()).toBe('{"Ok":true}');
    expect(tamperValue(Buffer.from('{}'))).toEqual({
      value: Buffer.from('{} '),
      change: 'a space appended to the value',
    });
  });

  it('leaves the original bytes alone', () => {
    const original = Buffer.from('{"n":1}');
    tamperValue(original);
    expect(original.toString()).toBe('{"n":1}');
  });
});
