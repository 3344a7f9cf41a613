import { verify, type KeyObject } from 'node:crypto';
import { parse } from 'did-resolver';
import { ed25519SignatureProblem, VerificationKeyResolver, type DidResolutionService } from '@dpi/did';
import {
  ACCEPTED_ALGS,
  CORE_ATTRIBUTES,
  CRITICAL_PARAMS,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_LIMITS,
} from './envelope.constants';
import { readEnvelopeHeaders } from './envelope-headers.util';
import { parseIJson } from './envelope-json.util';
import { decodeCanonicalBase64url, kafkaKeyBinding, signingInput } from './envelope-jws.util';
import { describeSchemaErrors, type SchemaRegistry } from './json-schema.registry';
import type { ConsumedRecord } from './kafka-record.types';
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

function reject(reason: RejectReason, detail: string, transient = false): VerifyResult {
  return { ok: false, reason, detail, transient };
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

    // 2. Headers present and well-formed.
    const headers = readEnvelopeHeaders(record.headers);
    if (!headers.ok) return reject(headers.reason, headers.detail);
    const attributes = headers.attributes;

    // 3. The detached JWS and its protected header.
    const parts = headers.signature.split('.');
    if (parts.length !== 3) return reject('MALFORMED_SIGNATURE', 'not a compact JWS with three parts');
    const [encodedHeader, payload, encodedSignature] = parts as [string, string, string];
    if (payload !== '')
      return reject('MALFORMED_SIGNATURE', 'the payload must be detached (empty middle part)');
    const headerBytes = decodeCanonicalBase64url(encodedHeader);
    const signature = decodeCanonicalBase64url(encodedSignature);
    if (!headerBytes || !signature) return reject('MALFORMED_SIGNATURE', 'not canonical base64url');
    const parsedHeader = parseIJson(headerBytes);
    if (!parsedHeader.ok)
      return reject('MALFORMED_SIGNATURE', `the protected header ${parsedHeader.problem}`);
    if (!isObject(parsedHeader.value))
      return reject('MALFORMED_SIGNATURE', 'the protected header is not a JSON object');
    const header = parsedHeader.value;
    if (typeof header.alg !== 'string' || !ACCEPTED_ALGS.has(header.alg))
      return reject('UNSUPPORTED_ALG', `alg ${String(header.alg)} is not Ed25519 or EdDSA`);
    const headerProblem = checkProtectedHeader(header);
    if (headerProblem) return reject('MALFORMED_SIGNATURE', headerProblem);
    if (signature.length !== 64) return reject('MALFORMED_SIGNATURE', 'an Ed25519 signature is 64 bytes');
    const kid = header.kid as string;
    const ce = new Map(Object.entries(header.ce as Record<string, string>));
    const kafka = header.kafka as { topic: string; key: string | null };

    // 4. Bindings: the signed context must be exactly the record's context.
    for (const name of new Set([...ce.keys(), ...attributes.keys()])) {
      if (ce.get(name) !== attributes.get(name))
        return reject('BINDING_MISMATCH', `ce.${name} differs from the record`);
    }
    if (kafka.topic !== record.topic)
      return reject('BINDING_MISMATCH', 'kafka.topic differs from the record');
    if (kafka.key !== kafkaKeyBinding(record.key))
      return reject('BINDING_MISMATCH', 'kafka.key differs from the record');

    // 5. The signing key belongs to the declared source.
    const source = attributes.get('source') as string;
    if (kid.slice(0, kid.indexOf('#')) !== source)
      return reject('SOURCE_KID_MISMATCH', `kid ${kid} is not a key of ${source}`);

    // 6-7. Resolve the key (weak keys are refused there) and check the signature.
    const key = await this.keys.resolveKey(kid);
    if (!key.ok) return reject(key.reason, key.detail, key.transient);
    const weakSignature = ed25519SignatureProblem(signature);
    if (weakSignature) return reject('BAD_SIGNATURE', `signature refused: ${weakSignature}`);
    if (!(await verifyOnThreadPool(signingInput(encodedHeader, value), key.key, signature)))
      return reject('BAD_SIGNATURE', `signature does not verify with ${kid}`);

    // 8-9. Authorisation, then the payload contract.
    const type = attributes.get('type') as string;
    if (!this.options.policy.allows(source, record.topic, type))
      return reject('POLICY_DENIED', `${source} may not publish ${type} on ${record.topic}`);
    const validate = this.options.schemas.validatorFor(type);
    if (!validate) return reject('UNKNOWN_TYPE', `no schema for ${type}`);
    const parsedValue = parseIJson(value);
    if (!parsedValue.ok) return reject('SCHEMA_INVALID', `the value ${parsedValue.problem}`);
    const data = parsedValue.value;
    if (!validate(data)) return reject('SCHEMA_INVALID', describeSchemaErrors(validate.errors));

    const extensions = Object.fromEntries(
      [...attributes].filter(([name]) => !CORE_ATTRIBUTES.has(name)),
    ) as Record<string, string>;
    const event: VerifiedEvent = {
      id: attributes.get('id') as string,
      source,
      type,
      time: attributes.get('time') as string,
      data,
      kid,
      extensions,
    };
    const subject = attributes.get('subject');
    if (subject !== undefined) event.subject = subject;
    return { ok: true, event };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  if (Object.hasOwn(header, 'b64')) return 'b64 is not used by this profile';
  const crit = header.crit;
  if (
    !Array.isArray(crit) ||
    crit.length !== CRITICAL_PARAMS.length ||
    !CRITICAL_PARAMS.every((p) => crit.includes(p))
  ) {
    return `crit must be exactly ${JSON.stringify(CRITICAL_PARAMS)}`;
  }
  // Exactly `<DID>#<fragment>`: no path, query or DID parameters, and a fragment that is not empty.
  const kid = typeof header.kid === 'string' ? parse(header.kid) : null;
  if (!kid?.fragment || header.kid !== `${kid.did}#${kid.fragment}`)
    return 'kid must be a DID followed by a non-empty fragment (no path or query)';
  const ce = header.ce;
  if (!isObject(ce) || Object.values(ce).some((v) => typeof v !== 'string')) {
    return 'ce must be an object of strings';
  }
  const kafka = header.kafka;
  if (
    !isObject(kafka) ||
    !Object.hasOwn(kafka, 'topic') ||
    !Object.hasOwn(kafka, 'key') ||
    typeof kafka.topic !== 'string' ||
    !(typeof kafka.key === 'string' || kafka.key === null)
  ) {
    return 'kafka must be { topic: string, key: string | null }';
  }
  return undefined;
}
