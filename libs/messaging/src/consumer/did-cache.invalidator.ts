import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DidResolutionService } from '@dpi/did';
import type { EnvelopeVerifier } from '../envelope.verifier';
import { toConsumedRecord } from '../kafka-record.types';

/** The identity registry's DID events topic (contracts/asyncapi/identity.asyncapi.yaml). */
export const DID_EVENTS_TOPIC = 'identity.dids';

/** Event types after which a cached DID document is stale. */
export const DID_CHANGE_TYPES: ReadonlySet<string> = new Set([
  'org.dpi.identity.did.created.v1',
  'org.dpi.identity.did.updated.v1',
  'org.dpi.identity.did.deactivated.v1',
]);

export interface DidCacheInvalidatorOptions {
  kafka: Kafka;
  /** Verifies the registry's events (its policy must allow the registry's DID on the topic). */
  verifier: EnvelopeVerifier;
  resolution: DidResolutionService;
  logger: Logger;
  topic?: string;
  /** Called after each invalidation (metrics, tests). */
  onInvalidated?: (did: string) => void;
}

/**
 * Follows the registry's DID events and drops the DID's cached resolution, so a rotated or deactivated
 * key stops verifying as soon as the event arrives rather than when the cache entry expires. Every
 * instance reads every event (a group of its own, from the latest offset): a cache is per process.
 * Events that fail verification are ignored and logged: they are not this consumer's to dead-letter.
 */
export class DidCacheInvalidator {
  private consumer: Consumer | undefined;
  private readonly topic: string;

  constructor(private readonly options: DidCacheInvalidatorOptions) {
    this.topic = options.topic ?? DID_EVENTS_TOPIC;
  }

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: `did-cache-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        const record = toConsumedRecord(this.topic, partition, message);
        const verdict = await this.options.verifier.verify(record);
        if (!verdict.ok) {
          this.options.logger.warn(
            {
              topic: this.topic,
              partition,
              offset: message.offset,
              reason: verdict.reason,
              detail: verdict.detail,
            },
            'ignored an unverifiable DID event',
          );
          return;
        }
        if (!DID_CHANGE_TYPES.has(verdict.event.type)) return;
        const { did } = verdict.event.data as { did: string };
        this.options.resolution.invalidate(did);
        this.options.onInvalidated?.(did);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }
}
