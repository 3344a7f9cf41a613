// Shared by the envelope specs: one publisher (did:key), a policy and a schema. Test-only code.
import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  type Clock,
} from '@dpi/did';
import { EnvelopeSigner } from './envelope.signer';
import { EnvelopeVerifier } from './envelope.verifier';
import { JsonSchemaRegistry } from './json-schema.registry';
import type { ConsumedRecord, SignedRecord } from './kafka-record.types';
import { PublishPolicy } from './publish-policy';

export const TOPIC = 'payments.transfers';
export const TYPE = 'org.dpi.payments.transfer.committed.v1';
export const keys = generateEd25519KeyPair();
export const SOURCE = didKeyFromPublicKey(keys.publicKey);
export const KID = didKeyVerificationMethodId(SOURCE);
export const fixedClock: Clock = { now: () => new Date('2026-03-01T12:00:00.000Z') };

export const schemas = JsonSchemaRegistry.fromSchemas({
  [TYPE]: {
    type: 'object',
    required: ['transferId', 'amount'],
    properties: { transferId: { type: 'string' }, amount: { type: 'string', pattern: '^[0-9]+$' } },
  },
});

export function newSigner(): EnvelopeSigner {
  return new EnvelopeSigner({ privateKey: keys.privateKey, kid: KID, source: SOURCE, clock: fixedClock });
}

export function newVerifier(
  policy = new PublishPolicy([{ source: 'did:key:*', topic: 'payments.*', types: ['org.dpi.payments.*'] }]),
): EnvelopeVerifier {
  return new EnvelopeVerifier({ resolution: new DidResolutionService({ web: false }), policy, schemas });
}

export function consumed(record: SignedRecord, topic = TOPIC): ConsumedRecord {
  // kafkajs hands a consumer Buffers.
  const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
  return {
    topic,
    partition: 0,
    offset: '42',
    key: record.key === null ? null : Buffer.from(record.key),
    value: record.value,
    headers,
  };
}

export const DATA = { transferId: 't-1', amount: '1000' };
