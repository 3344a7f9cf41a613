import { createHmac } from 'node:crypto';

const ROUNDS = 4;

/**
 * A keyed bijection of 0..length-1: a balanced Feistel network over the smallest even number of bits
 * that covers `length`, with cycle-walking back into range. Status lists hand out indexes through it,
 * so an index is unpredictable (Bitstring Status List 1.0 asks for random assignment: an index must not
 * tell when a credential was issued or how many were) yet never repeats while the counter grows.
 */
export function createIndexPermutation(key: Uint8Array, length: number): (counter: number) => number {
  if (!Number.isInteger(length) || length < 4) throw new Error('a permutation needs a length of 4 or more');
  let bits = Math.ceil(Math.log2(length));
  if (bits % 2 === 1) bits += 1;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  // The round functions as tables, computed once per key: HMAC-SHA256(key, round || half-block).
  const tables = Array.from({ length: ROUNDS }, (_, round) =>
    Uint32Array.from({ length: 1 << half }, (_unused, value) =>
      createHmac('sha256', key)
        .update(Uint8Array.from([round, value >> 8, value & 0xff]))
        .digest()
        .readUInt32BE(0),
    ),
  );
  const permute = (value: number): number => {
    let left = value >>> half;
    let right = value & mask;
    for (const table of tables) {
      [left, right] = [right, (left ^ (table[right] as number)) & mask];
    }
    return (left << half) | right;
  };
  return (counter) => {
    if (!Number.isInteger(counter) || counter < 0 || counter >= length)
      throw new RangeError(`counter ${counter} is outside 0..${length - 1}`);
    let index = permute(counter);
    // Cycle-walking: a bijection of the larger domain, applied until it lands in range, stays a bijection.
    while (index >= length) index = permute(index);
    return index;
  };
}
