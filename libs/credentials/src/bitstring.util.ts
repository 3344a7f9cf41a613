import { gunzipSync, gzipSync } from 'node:zlib';

/** Bitstring Status List 1.0's minimum (and this registry's) list length: 131,072 entries, 16 KiB. */
export const STATUS_LIST_LENGTH = 131_072;

/** Largest uncompressed list this registry decodes (1 MiB), so a crafted list cannot exhaust memory. */
const MAX_DECODED_BYTES = 1_048_576;

/** Whether bit `index` is set; index 0 is the left-most (most significant) bit of the first byte. */
export function getBit(bits: Uint8Array, index: number): boolean {
  checkIndex(bits, index);
  return ((bits[index >> 3] as number) & (0x80 >> (index & 7))) !== 0;
}

/** Sets or clears bit `index` in place (index 0 = left-most bit, as the spec orders them). */
export function setBit(bits: Uint8Array, index: number, value: boolean): void {
  checkIndex(bits, index);
  const mask = 0x80 >> (index & 7);
  bits[index >> 3] = value ? (bits[index >> 3] as number) | mask : (bits[index >> 3] as number) & ~mask;
}

/**
 * The position PostgreSQL's get_bit/set_bit use for a spec index: they number the bits of each byte
 * from its least significant one, while the spec counts from the most significant.
 */
export function postgresBitPosition(index: number): number {
  return (index & ~7) + (7 - (index & 7));
}

/** encodedList: GZIP, then base64url without padding, with the multibase prefix `u`. */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The bitstring of an encodedList; throws when it is not multibase base64url of GZIP data. */
export function decodeStatusList(encodedList: string): Buffer {
  if (!encodedList.startsWith('u') || !/^[A-Za-z0-9_-]+$/.test(encodedList.slice(1)))
    throw new Error('encodedList is not multibase base64url (a "u" then base64url characters)');
  return gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_DECODED_BYTES });
}

function checkIndex(bits: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8)
    throw new RangeError(`status list index ${index} is outside 0..${bits.length * 8 - 1}`);
}
