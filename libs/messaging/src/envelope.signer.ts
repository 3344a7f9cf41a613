import { sign, type KeyObject } from 'node:crypto';
import { parse } from 'did-resolver';
import { v7 as uuidv7 } from 'uuid';
import { systemClock, type Clock } from '@dpi/did';
import {
  ATTRIBUTE_NAME,
  CLOUDEVENTS_SPEC_VERSION,
  CORE_ATTRIBUTES,
  CRITICAL_PARAMS,
  ENVELOPE_CONTENT_TYPE,
  ENVELOPE_JWS_TYPE,
  headerNameOf,
  SIGNATURE_HEADER,
  SIGNING_ALG,
} from './envelope.constants';
import {
  detachedCompactJws,
  encodeProtectedHeader,
  kafkaKeyBinding,
  signingInput,
  type EnvelopeProtectedHeader,
} from './envelope-jws.util';
import type { SignedRecord } from './kafka-record.types';

/** Options of a signer: one publisher identity. */
export interface EnvelopeSignerOptions {
  /** The publisher's Ed25519 private key. */
  privateKey: KeyObject;
  /** DID URL of the key, listed under assertionMethod of the source DID's document. */
  kid: string;
  /** The publisher's DID (`ce_source`); must be the DID of `kid`. */
  source: string;
  clock?: Clock;
  /** Event ids; UUIDv7 from the clock by default. */
  newId?: (time: Date) => string;
  /** `alg` to emit; `EdDSA` exists only for interoperability tests with older verifiers. */
  alg?: 'Ed25519' | 'EdDSA';
}

/** One event to sign. */
export interface EnvelopeInput {
  topic: string;
  /** The aggregate id the event concerns (the Kafka record key). */
  key: string | Buffer | null;
  /** Reverse-DNS, versioned CloudEvents type, e.g. `org.dpi.payments.transfer.committed.v1`. */
  type: string;
  subject?: string;
  data: unknown;
  id?: string;
  time?: Date;
  /** CloudEvents extension attributes (lowercase alphanumeric names), signed like the core ones. */
  extensions?: Record<string, string>;
}

/** Signs CloudEvents for Kafka binary mode with a detached JWS over the value, topic and key. */
export class EnvelopeSigner {
  private readonly clock: Clock;
  private readonly newId: (time: Date) => string;
  private readonly alg: string;

  constructor(private readonly options: EnvelopeSignerOptions) {
    if (options.privateKey.type !== 'private' || options.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('the envelope signer needs an Ed25519 private key');
    }
    const parsed = parse(options.kid);
    if (!parsed?.fragment || options.kid !== `${parsed.did}#${parsed.fragment}`)
      throw new Error(`kid ${options.kid} is not a DID followed by a non-empty fragment`);
    if (parsed.did !== options.source)
      throw new Error(`kid ${options.kid} does not belong to source ${options.source}`);
    this.clock = options.clock ?? systemClock;
    // UUIDv7 from the system clock, monotonic within a millisecond across the process, so outbox and
    // inbox indexes stay append-mostly; an injected clock moves ce_time, not the id.
    this.newId = options.newId ?? (() => uuidv7());
    this.alg = options.alg ?? SIGNING_ALG;
  }

  /** The publisher's DID (`ce_source` of every event this signer signs). */
  get source(): string {
    return this.options.source;
  }

  /** Signs one event; the result goes to kafkajs as is. */
  sign(input: EnvelopeInput): SignedRecord {
    const time = input.time ?? this.clock.now();
    const value = Buffer.from(JSON.stringify(input.data) ?? 'null', 'utf8');
    const ce: Record<string, string> = {
      specversion: CLOUDEVENTS_SPEC_VERSION,
      id: input.id ?? this.newId(time),
      source: this.options.source,
      type: input.type,
      time: time.toISOString(),
    };
    if (input.subject !== undefined) ce.subject = input.subject;
    if (ce.subject === '') throw new Error('subject must not be empty (omit it instead)');
    ce.datacontenttype = ENVELOPE_CONTENT_TYPE;
    for (const [name, attributeValue] of Object.entries(input.extensions ?? {})) {
      if (!ATTRIBUTE_NAME.test(name) || CORE_ATTRIBUTES.has(name))
        throw new Error(`invalid extension attribute name ${name}`);
      if (attributeValue.length === 0) throw new Error(`extension attribute ${name} must not be empty`);
      ce[name] = attributeValue;
    }
    const header: EnvelopeProtectedHeader = {
      alg: this.alg,
      typ: ENVELOPE_JWS_TYPE,
      kid: this.options.kid,
      crit: [...CRITICAL_PARAMS],
      ce,
      kafka: { topic: input.topic, key: kafkaKeyBinding(input.key) },
    };
    const encoded = encodeProtectedHeader(header);
    const signature = sign(null, signingInput(encoded, value), this.options.privateKey);
    const headers: Record<string, string> = {};
    for (const [attribute, attributeValue] of Object.entries(ce))
      headers[headerNameOf(attribute)] = attributeValue;
    headers[SIGNATURE_HEADER] = detachedCompactJws(encoded, signature);
    return { key: input.key, value, headers };
  }
}
