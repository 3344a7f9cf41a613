import type { DIDResolver } from 'did-resolver';
import { DidResolutionService } from '@dpi/did';
import { EnvelopeVerifier } from '../envelope.verifier';
import { JsonSchemaRegistry } from '../json-schema.registry';
import type { ConsumedRecord } from '../kafka-record.types';
import { PublishPolicy } from '../publish-policy';
import type { MessageVector } from './message-vectors';

/** A did:web driver that answers from a vector's `didResolutions` (notFound for any other DID). */
export function staticDidDriver(resolutions: MessageVector['didResolutions']): DIDResolver {
  return async (did) =>
    structuredClone(resolutions[did]) ?? {
      didResolutionMetadata: { error: 'notFound' },
      didDocument: null,
      didDocumentMetadata: {},
    };
}

/** A verifier wired only from what a vector file says: its DID resolutions, policy and schemas (did:key is derived). */
export function verifierForVector(
  vector: MessageVector,
  resolution?: DidResolutionService,
): EnvelopeVerifier {
  return new EnvelopeVerifier({
    resolution:
      resolution ?? new DidResolutionService({ drivers: { web: staticDidDriver(vector.didResolutions) } }),
    policy: PublishPolicy.fromConfig(vector.publishPolicy),
    schemas: JsonSchemaRegistry.fromSchemas(vector.schemas),
  });
}

/** The Kafka record a vector describes. */
export function recordOfVector(vector: MessageVector): ConsumedRecord {
  return {
    topic: vector.topic,
    partition: vector.partition,
    offset: vector.offset,
    key: vector.key === null ? null : Buffer.from(vector.key, 'base64'),
    value: Buffer.from(vector.value, 'base64'),
    headers: { ...vector.headers },
  };
}
