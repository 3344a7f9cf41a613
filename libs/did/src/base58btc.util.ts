import { base58btc } from 'multiformats/bases/base58';

/** Encodes bytes in base58btc (Bitcoin alphabet), without the multibase `z` prefix. */
export function base58btcEncode(bytes: Uint8Array): string {
  return base58btc.baseEncode(bytes);
}

/** Decodes base58btc text (no multibase prefix); throws on a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array {
  try {
    return base58btc.baseDecode(text);
  } catch {
    // multiformats names the character; ours names its place, which is what a reader can fix.
    const at = [...text].findIndex((char) => !ALPHABET.includes(char));
    throw new Error(`invalid base58btc character at ${at}`);
  }
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
