/** The protected header of an envelope signature (contracts/specs/message-envelope.md). */
export interface EnvelopeProtectedHeader {
  alg: string;
  typ: string;
  kid: string;
  crit: string[];
  /** Every CloudEvents context attribute carried in the record's headers, by attribute name. */
  ce: Record<string, string>;
  /** The record's topic and its key as base64url (no padding), or null for a record without key. */
  kafka: { topic: string; key: string | null };
}

/** The `kafka.key` binding of a record key: base64url of its bytes, or null when there is none. */
export function kafkaKeyBinding(key: Buffer | string | null | undefined): string | null {
  if (key === null || key === undefined) return null;
  return (typeof key === 'string' ? Buffer.from(key, 'utf8') : key).toString('base64url');
}

/** BASE64URL(UTF8(JSON(header))), the first part of the compact JWS. */
export function encodeProtectedHeader(header: object): string {
  return Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
}

/** The JWS signing input of RFC 7515 section 5.1 with the record value as the (detached) payload. */
export function signingInput(encodedProtectedHeader: string, value: Buffer): Buffer {
  return Buffer.from(`${encodedProtectedHeader}.${value.toString('base64url')}`, 'ascii');
}

/** A detached compact JWS (RFC 7515 appendix F): the payload part is left empty. */
export function detachedCompactJws(encodedProtectedHeader: string, signature: Buffer): string {
  return `${encodedProtectedHeader}..${signature.toString('base64url')}`;
}

const BASE64URL_ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url (RFC 7515: no padding) only in its canonical form: the URL alphabet, no `=`, and zero
 * unused trailing bits, so exactly one text encodes given bytes and nobody can alter a `ce_signature`
 * string without altering its bytes. undefined when the text is not canonical.
 */
export function decodeCanonicalBase64url(text: string): Buffer | undefined {
  if (!BASE64URL_ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Re-encoding gives the one canonical text; any other (non-zero trailing bits) differs from it.
  return bytes.toString('base64url') === text ? bytes : undefined;
}
