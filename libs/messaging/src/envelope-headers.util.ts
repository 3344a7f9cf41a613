import {
  ATTRIBUTE_NAME,
  attributeOfHeader,
  CLOUDEVENTS_SPEC_VERSION,
  ENVELOPE_CONTENT_TYPE,
  ENVELOPE_LIMITS,
  RESERVED_EXTENSION_NAMES,
  SIGNATURE_HEADER,
} from './envelope.constants';
import type { ConsumedHeaders } from './kafka-record.types';

/** The envelope's headers of a record, checked: attributes by name, and the signature header. */
export type EnvelopeHeaders =
  | { ok: true; attributes: Map<string, string>; signature: string }
  | { ok: false; reason: 'MISSING_HEADER' | 'MALFORMED_HEADER'; detail: string };

const REQUIRED_HEADERS = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_time',
  'content-type',
  SIGNATURE_HEADER,
] as const;
// ignoreBOM: a leading U+FEFF stays part of the value, so a BOM added to a signed header changes its value.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A header the envelope owns (`ce_*` or `content-type`), whatever the case of its name. */
function isEnvelopeHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'content-type' || lower.startsWith('ce_');
}

/**
 * True for an RFC 3339 date-time in UTC (`Z`, optional fraction of 1-9 digits) that names a real instant:
 * month 01-12, a day the month has, hour 00-23, minute and second 00-59. A leap second (`:60`) is not
 * accepted: producers take time from clocks that never show one.
 */
export function isRfc3339UtcInstant(text: string): boolean {
  const match = RFC3339_UTC.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/** Length in Unicode code points (what the spec's "characters" count), without allocating. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function exceeds(text: string, limit: number): boolean {
  // A string never has more code points than UTF-16 units, so most values need no count.
  return text.length > limit && codePointLength(text) > limit;
}

/** The single UTF-8 value of one header, or why it has none. */
function singleValue(name: string, raw: unknown): string | { problem: string } {
  if (Array.isArray(raw)) {
    if (raw.length !== 1) return { problem: `header ${name} is repeated` };
    raw = raw[0];
  }
  // A string (records built in-process) is UTF-8 encodable unless it holds a lone surrogate.
  if (typeof raw === 'string')
    return LONE_SURROGATE.test(raw) ? { problem: `header ${name} is not UTF-8` } : raw;
  if (!Buffer.isBuffer(raw)) return { problem: `header ${name} has no value` };
  try {
    return utf8.decode(raw);
  } catch {
    return { problem: `header ${name} is not UTF-8` };
  }
}

/**
 * Step 2 of the spec: a required header absent gives MISSING_HEADER; then any malformed envelope header
 * (name, repetition, encoding, count, length, value) gives MALFORMED_HEADER.
 */
export function readEnvelopeHeaders(headers: ConsumedHeaders): EnvelopeHeaders {
  const names = Object.keys(headers);
  const missing = REQUIRED_HEADERS.filter((name) => !Object.hasOwn(headers, name));
  if (missing.length > 0)
    return { ok: false, reason: 'MISSING_HEADER', detail: `missing ${missing.join(', ')}` };
  const malformed = (detail: string): EnvelopeHeaders => ({ ok: false, reason: 'MALFORMED_HEADER', detail });

  const attributes = new Map<string, string>();
  let signature = '';
  let count = 0;
  for (const name of names) {
    // Unsigned headers (traceparent...) are none of the envelope's business, whatever their encoding.
    if (!isEnvelopeHeaderName(name)) continue;
    if (name !== name.toLowerCase()) return malformed(`header ${name} must be lower case`);
    if (++count > ENVELOPE_LIMITS.maxCloudEventHeaders)
      return malformed(`more than ${ENVELOPE_LIMITS.maxCloudEventHeaders} CloudEvents headers`);
    const value = singleValue(name, headers[name]);
    if (typeof value !== 'string') return malformed(value.problem);
    if (value.length === 0) return malformed(`header ${name} is empty`);
    if (name === SIGNATURE_HEADER) {
      signature = value;
      continue;
    }
    const attribute = attributeOfHeader(name) as string;
    if (
      name !== 'content-type' &&
      (!ATTRIBUTE_NAME.test(attribute) || RESERVED_EXTENSION_NAMES.has(attribute))
    )
      return malformed(`${name} is not a CloudEvents attribute of this envelope`);
    const limit = ENVELOPE_LIMITS.maxAttributeChars.get(attribute) ?? ENVELOPE_LIMITS.maxExtensionChars;
    if (exceeds(value, limit)) return malformed(`${name} is longer than ${limit} characters`);
    attributes.set(attribute, value);
  }
  if (attributes.get('specversion') !== CLOUDEVENTS_SPEC_VERSION)
    return malformed(`ce_specversion must be ${CLOUDEVENTS_SPEC_VERSION}`);
  if (attributes.get('datacontenttype') !== ENVELOPE_CONTENT_TYPE)
    return malformed(`content-type must be ${ENVELOPE_CONTENT_TYPE}`);
  if (!isRfc3339UtcInstant(attributes.get('time') as string))
    return malformed('ce_time must be an RFC 3339 UTC date-time naming a real instant');
  if (signature.length > ENVELOPE_LIMITS.maxSignatureHeaderChars)
    return malformed(
      `${SIGNATURE_HEADER} is longer than ${ENVELOPE_LIMITS.maxSignatureHeaderChars} characters`,
    );
  return { ok: true, attributes, signature };
}
