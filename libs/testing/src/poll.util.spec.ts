import { eventually, pollUntil } from './poll.util';

describe('pollUntil and eventually', () => {
  it('returns the first value the probe gives, after as many tries as it takes', async () => {
    let tries = 0;
    const value = await pollUntil(() => (++tries === 3 ? 'ready' : undefined), { intervalMs: 1 });
    expect([value, tries]).toEqual(['ready', 3]);
  });

  it('gives up after the timeout: undefined from pollUntil, an error naming what from eventually', async () => {
    expect(await pollUntil(() => undefined, { timeoutMs: 20, intervalMs: 5 })).toBeUndefined();
    await expect(eventually('the broker', () => undefined, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'timed out after 20 ms waiting for the broker',
    );
  });

  it('treats false and 0 as answers, not as "not yet"', async () => {
    expect(await pollUntil(() => false)).toBe(false);
    expect(await eventually('zero', () => 0)).toBe(0);
  });
});
