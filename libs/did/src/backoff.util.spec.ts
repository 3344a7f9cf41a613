import { backoffDelayMs } from './backoff.util';

describe('backoffDelayMs', () => {
  const backoff = { initialMs: 200, maxMs: 5_000 };

  it('starts at the initial delay and doubles with each failure', () => {
    expect([0, 1, 2, 3].map((failures) => backoffDelayMs(failures, backoff))).toEqual([200, 400, 800, 1_600]);
  });

  it('never exceeds the cap, however many failures (no overflow to Infinity or NaN)', () => {
    expect(backoffDelayMs(5, backoff)).toBe(5_000);
    expect(backoffDelayMs(10_000, backoff)).toBe(5_000);
    expect(backoffDelayMs(-1, backoff)).toBe(200);
  });
});
