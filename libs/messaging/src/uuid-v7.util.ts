import { randomFillSync } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds then random bits, so ids sort by creation time,
 * which keeps inbox and outbox indexes append-mostly.
 */
export function uuidV7(
  timeMs: number = Date.now(),
  random: Uint8Array = randomFillSync(new Uint8Array(10)),
): string {
  const bytes = new Uint8Array(16);
  let time = Math.floor(timeMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
