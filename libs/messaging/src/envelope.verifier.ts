import { verify, type KeyObject } from 'node:crypto';
import { parse } from 'did-resolver';
import { VerificationKeyResolver, type DidResolutionService } from '@dpi/did';
import {
  ACCEPTED_ALGS,
  attributeOfHeader,
  ATTRIBUTE_NAME,
  CLOUDEVENTS_SPEC_VERSION,
  CORE_ATTRIBUTES,
  CRITICAL_PARAMS,
  ENVELOPE_CONTENT_TYPE,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_LIMITS,
  RFC3339_UTC,
  SIGNATURE_HEADER,
} from './envelope.constants';
import { kafkaKeyBinding, signingInput } from './envelope-jws.util';
import { describeSchemaErrors, type SchemaRegistry } from './json-schema.registry';
import type { ConsumedHeaders, ConsumedRecord } from './kafka-record.types';
import type { RejectReason } from './reject-reason';

/** An accepted event: only signed attributes, and the data parsed once. */
export interface VerifiedEvent {
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  data: unknown;
  /** The key that signed it. */
  kid: string;
  /** Signed CloudEvents extension attributes. */
  extensions: Record<string, string>;
}

/** The verdict on one record. `transient` failures should be retried, the others dead-lettered. */
export type VerifyResult =
  | { ok: true; event: VerifiedEvent }
  | { ok: false; reason: RejectReason; detail: string; transient: boolean };

/** Decides whether a publisher may publish a type on a topic (see PublishPolicy). */
export interface PublishPolicyCheck {
  allows(source: string, topic: string, type: string): boolean;
}

/** What the verifier needs. */
export interface EnvelopeVerifierOptions {
  resolution: DidResolutionService;
  policy: PublishPolicyCheck;
  schemas: SchemaRegistry;
  /** Largest accepted value in bytes; default 1 MiB. */
  maxValueBytes?: number;
}

const REQUIRED_HEADERS = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_time',
  'content-type',
  SIGNATURE_HEADER,
] as const;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function reject(reason: RejectReason, detail: string, transient = false): VerifyResult {
  return { ok: false, reason, detail, transient };
}

/** Reads the envelope's headers of a record; a repeated or non-UTF-8 one is malformed. */
function readHeaders(headers: ConsumedHeaders): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers)) {
    // Unsigned headers (traceparent...) are none of the envelope's business, whatever their encoding.
    if (raw === undefined || (name !== SIGNATURE_HEADER && attributeOfHeader(name) === undefined)) continue;
    if (Array.isArray(raw)) {
      if (raw.length !== 1) return `header ${name} is repeated`;
    }
    const single = Array.isArray(raw) ? (raw[0] as Buffer | string) : raw;
    try {
      out.set(name, typeof single === 'string' ? single : utf8.decode(single));
    } catch {
      return `header ${name} is not UTF-8`;
    }
  }
  return out;
}

/**
 * Verifies signed CloudEvents records, in the order contracts/specs/message-envelope.md prescribes, and
 * reports the first failed check. Never throws for a bad record.
 */
export class EnvelopeVerifier {
  private readonly keys: VerificationKeyResolver;
  private readonly maxValueBytes: number;

  constructor(private readonly options: EnvelopeVerifierOptions) {
    this.keys = new VerificationKeyResolver(options.resolution, 'assertionMethod');
    this.maxValueBytes = options.maxValueBytes ?? ENVELOPE_LIMITS.maxValueBytes;
  }

  /** Verifies one consumed record. */
  async verify(record: ConsumedRecord): Promise<VerifyResult> {
    const value = record.value ?? Buffer.alloc(0);
    if (value.length > this.maxValueBytes)
      return reject('TOO_LARGE', `value is ${value.length} bytes, the limit is ${this.maxValueBytes}`);

    // 1. Headers present and well-formed.
    const headers = readHeaders(record.headers);
    if (typeof headers === 'string') return reject('MALFORMED_HEADER', headers);
    const missing = REQUIRED_HEADERS.filter((name) => !headers.has(name));
    if (missing.length > 0) return reject('MISSING_HEADER', `missing ${missing.join(', ')}`);
    // No prototype, so a header such as `ce___proto__` is an ordinary (and then invalid) attribute.
    const attributes = Object.create(null) as Record<string, string>;
    for (const [name, headerValue] of headers) {
      const attribute = attributeOfHeader(name);
      if (attribute !== undefined) attributes[attribute] = headerValue;
    }
    const malformed = this.checkAttributes(attributes, headers.get(SIGNATURE_HEADER) as string);
    if (malformed) return reject('MALFORMED_HEADER', malformed);

    // 2. The detached JWS and its protected header.
    const [encodedHeader, payload, encodedSignature, ...extra] = (
      headers.get(SIGNATURE_HEADER) as string
    ).split('.');
    if (
      extra.length > 0 ||
      encodedHeader === undefined ||
      encodedSignature === undefined ||
      payload === undefined
    ) {
      return reject('MALFORMED_SIGNATURE', 'not a compact JWS with three parts');
    }
    if (payload !== '')
      return reject('MALFORMED_SIGNATURE', 'the payload must be detached (empty middle part)');
    if (!BASE64URL.test(encodedHeader) || !BASE64URL.test(encodedSignature))
      return reject('MALFORMED_SIGNATURE', 'not base64url');
    let header: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(utf8.decode(Buffer.from(encodedHeader, 'base64url')));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      header = parsed as Record<string, unknown>;
    } catch {
      return reject('MALFORMED_SIGNATURE', 'the protected header is not a JSON object');
    }
    if (typeof header.alg !== 'string' || !ACCEPTED_ALGS.has(header.alg))
      return reject('UNSUPPORTED_ALG', `alg ${String(header.alg)} is not Ed25519 or EdDSA`);
    const headerProblem = checkProtectedHeader(header);
    if (headerProblem) return reject('MALFORMED_SIGNATURE', headerProblem);
    const signature = Buffer.from(encodedSignature, 'base64url');
    if (signature.length !== 64) return reject('MALFORMED_SIGNATURE', 'an Ed25519 signature is 64 bytes');
    const kid = header.kid as string;
    const ce = header.ce as Record<string, unknown>;
    const kafka = header.kafka as Record<string, unknown>;

    // 3. Bindings: the signed context must be exactly the record's context.
    for (const name of new Set([...Object.keys(ce), ...Object.keys(attributes)])) {
      if (ce[name] !== attributes[name])
        return reject('BINDING_MISMATCH', `ce.${name} differs from the record`);
    }
    if (kafka.topic !== record.topic)
      return reject('BINDING_MISMATCH', 'kafka.topic differs from the record');
    if (kafka.key !== kafkaKeyBinding(record.key))
      return reject('BINDING_MISMATCH', 'kafka.key differs from the record');

    // 4. The signing key belongs to the declared source.
    const source = attributes.source as string;
    if (parse(kid)?.did !== source)
      return reject('SOURCE_KID_MISMATCH', `kid ${kid} is not a key of ${source}`);

    // 5. Resolve the key and check the signature.
    const key = await this.keys.resolveKey(kid);
    if (!key.ok) return reject(key.reason, key.detail, key.transient);
    if (!(await verifyOnThreadPool(signingInput(encodedHeader, value), key.key, signature)))
      return reject('BAD_SIGNATURE', `signature does not verify with ${kid}`);

    // 6. Authorisation, then the payload contract.
    const type = attributes.type as string;
    if (!this.options.policy.allows(source, record.topic, type))
      return reject('POLICY_DENIED', `${source} may not publish ${type} on ${record.topic}`);
    const validate = this.options.schemas.validatorFor(type);
    if (!validate) return reject('UNKNOWN_TYPE', `no schema for ${type}`);
    let data: unknown;
    try {
      data = JSON.parse(utf8.decode(value));
    } catch {
      return reject('SCHEMA_INVALID', 'the value is not UTF-8 JSON');
    }
    if (!validate(data)) return reject('SCHEMA_INVALID', describeSchemaErrors(validate.errors));

    const extensions: Record<string, string> = {};
    for (const [name, attributeValue] of Object.entries(attributes))
      if (!CORE_ATTRIBUTES.has(name)) extensions[name] = attributeValue;
    const event: VerifiedEvent = {
      id: attributes.id as string,
      source,
      type,
      time: attributes.time as string,
      data,
      kid,
      extensions,
    };
    if (attributes.subject !== undefined) event.subject = attributes.subject;
    return { ok: true, event };
  }

  private checkAttributes(attributes: Record<string, string>, signatureHeader: string): string | undefined {
    if (attributes.specversion !== CLOUDEVENTS_SPEC_VERSION)
      return `ce_specversion must be ${CLOUDEVENTS_SPEC_VERSION}`;
    if (attributes.datacontenttype !== ENVELOPE_CONTENT_TYPE)
      return `content-type must be ${ENVELOPE_CONTENT_TYPE}`;
    const time = attributes.time as string;
    if (!RFC3339_UTC.test(time) || Number.isNaN(Date.parse(time)))
      return 'ce_time must be an RFC 3339 UTC date-time';
    if (signatureHeader.length > ENVELOPE_LIMITS.maxSignatureHeaderChars)
      return `${SIGNATURE_HEADER} is longer than ${ENVELOPE_LIMITS.maxSignatureHeaderChars}`;
    const names = Object.keys(attributes);
    if (names.length > ENVELOPE_LIMITS.maxCloudEventHeaders)
      return `more than ${ENVELOPE_LIMITS.maxCloudEventHeaders} CloudEvents headers`;
    for (const name of names) {
      const limit =
        ENVELOPE_LIMITS.maxAttributeChars[name] ??
        (CORE_ATTRIBUTES.has(name) ? 1_024 : ENVELOPE_LIMITS.maxAttributeChars.extension);
      const attributeValue = attributes[name] as string;
      if (!ATTRIBUTE_NAME.test(name)) return `ce_${name} is not a valid CloudEvents attribute name`;
      if (limit !== undefined && attributeValue.length > limit) return `ce_${name} is longer than ${limit}`;
      if (attributeValue.length === 0 && name !== 'subject') return `ce_${name} is empty`;
    }
    return undefined;
  }
}

/**
 * Ed25519 verification on libuv's thread pool (the callback form of crypto.verify): a consumer that
 * verifies a batch's records concurrently uses every core, while its event loop stays free.
 */
function verifyOnThreadPool(data: Buffer, key: KeyObject, signature: Buffer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    verify(null, data, key, signature, (error, valid) => (error ? reject(error) : resolve(valid)));
  });
}

/** Checks the profile's protected header members (alg is checked before); returns the problem or undefined. */
function checkProtectedHeader(header: Record<string, unknown>): string | undefined {
  if (header.typ !== ENVELOPE_JWS_TYPE) return `typ must be ${ENVELOPE_JWS_TYPE}`;
  if ('b64' in header) return 'b64 is not used by this profile';
  const crit = header.crit;
  if (
    !Array.isArray(crit) ||
    crit.length !== CRITICAL_PARAMS.length ||
    !CRITICAL_PARAMS.every((p) => crit.includes(p))
  ) {
    return `crit must be exactly ${JSON.stringify(CRITICAL_PARAMS)}`;
  }
  if (typeof header.kid !== 'string' || !parse(header.kid)?.fragment)
    return 'kid must be a DID URL with a fragment';
  const ce = header.ce;
  if (
    typeof ce !== 'object' ||
    ce === null ||
    Array.isArray(ce) ||
    Object.values(ce).some((v) => typeof v !== 'string')
  ) {
    return 'ce must be an object of strings';
  }
  const kafka = header.kafka as Record<string, unknown> | null;
  if (
    typeof kafka !== 'object' ||
    kafka === null ||
    typeof kafka.topic !== 'string' ||
    !(typeof kafka.key === 'string' || kafka.key === null)
  ) {
    return 'kafka must be { topic: string, key: string | null }';
  }
  return undefined;
}
