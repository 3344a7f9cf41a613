/** The Kafka header carrying the detached JWS (CloudEvents extension attribute `signature`). */
export const SIGNATURE_HEADER = 'ce_signature';

/** The JWS `typ` of a signed envelope. */
export const ENVELOPE_JWS_TYPE = 'dpi-event+jws';

/** The only data content type the envelope carries. */
export const ENVELOPE_CONTENT_TYPE = 'application/json';

/** CloudEvents spec version of the envelope. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** `alg` the signer emits (RFC 9864); verifiers accept both. */
export const SIGNING_ALG = 'Ed25519';

/** JWS algorithms a verifier accepts: RFC 9864's fully specified name and the deprecated EdDSA. */
export const ACCEPTED_ALGS: ReadonlySet<string> = new Set(['Ed25519', 'EdDSA']);

/** Protected header parameters this profile defines; both are listed in `crit`. */
export const CRITICAL_PARAMS = ['ce', 'kafka'] as const;

/** Size limits a verifier enforces before any work (see contracts/specs/message-envelope.md). */
export const ENVELOPE_LIMITS = {
  maxValueBytes: 1_048_576,
  maxSignatureHeaderChars: 8_192,
  /** Every `ce_*` and `content-type` header, `ce_signature` included. */
  maxCloudEventHeaders: 32,
  /** In Unicode code points, by attribute name; a Map, since the names come from the record. */
  maxAttributeChars: new Map<string, number>([
    ['id', 128],
    ['source', 512],
    ['type', 256],
    ['subject', 512],
  ]),
  /** Any other attribute (extensions, and the core ones whose values are fixed anyway). */
  maxExtensionChars: 1_024,
} as const;

/** Header name of a CloudEvents attribute in Kafka binary mode. */
export function headerNameOf(attribute: string): string {
  return attribute === 'datacontenttype' ? 'content-type' : `ce_${attribute}`;
}

/** CloudEvents attribute name of a header, or undefined when the header is not an attribute. */
export function attributeOfHeader(header: string): string | undefined {
  if (header === 'content-type') return 'datacontenttype';
  if (header.startsWith('ce_') && header !== SIGNATURE_HEADER) return header.slice(3);
  return undefined;
}

/** CloudEvents context attributes the envelope defines itself; extensions may not reuse them. */
export const CORE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
  'signature',
]);

/** CloudEvents attribute names: lowercase a-z and digits, at most 20 characters. */
export const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

/**
 * Attribute names no `ce_<name>` header may carry: `datacontenttype` travels as `content-type` (a second
 * header for it could contradict the first), and `dataschema` / `data` are not used by this envelope.
 */
export const RESERVED_EXTENSION_NAMES: ReadonlySet<string> = new Set([
  'datacontenttype',
  'dataschema',
  'data',
]);
