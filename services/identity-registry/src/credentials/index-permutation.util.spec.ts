import { randomBytes } from 'node:crypto';

import { STATUS_LIST_LENGTH } from '@dpi/credentials';

import { createIndexPermutation } from './index-permutation.util';

describe('createIndexPermutation', () => {
  it('maps every counter of a 131,072-entry list to a distinct index in range (no reuse)', () => {
    const permute = createIndexPermutation(randomBytes(32), STATUS_LIST_LENGTH);
    const seen = new Uint8Array(STATUS_LIST_LENGTH);
    let outside = 0;
    for (let counter = 0; counter < STATUS_LIST_LENGTH; counter++) {
      const index = permute(counter);
      if (index < 0 || index >= STATUS_LIST_LENGTH) outside++;
      else seen[index] = (seen[index] as number) + 1;
    }
    expect(outside).toBe(0);
    expect(seen.every((count) => count === 1)).toBe(true);
  });

  it('is a bijection for lengths that are not powers of two, too', () => {
    const permute = createIndexPermutation(randomBytes(32), 1_000);
    const indexes = new Set(Array.from({ length: 1_000 }, (_, counter) => permute(counter)));
    expect(indexes.size).toBe(1_000);
    expect(Math.max(...indexes)).toBe(999);
  });

  it('is fixed by its key, and different keys scatter differently', () => {
    const key = randomBytes(32);
    const first = Array.from({ length: 8 }, (_, counter) =>
      createIndexPermutation(key, STATUS_LIST_LENGTH)(counter),
    );
    const again = Array.from({ length: 8 }, (_, counter) =>
      createIndexPermutation(key, STATUS_LIST_LENGTH)(counter),
    );
    const other = Array.from({ length: 8 }, (_, counter) =>
      createIndexPermutation(randomBytes(32), STATUS_LIST_LENGTH)(counter),
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // Consecutive issuances do not get consecutive indexes.
    expect(first).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses counters outside the list', () => {
    const permute = createIndexPermutation(randomBytes(32), 64);
    expect(() => permute(64)).toThrow(RangeError);
    expect(() => permute(-1)).toThrow(RangeError);
  });
});
