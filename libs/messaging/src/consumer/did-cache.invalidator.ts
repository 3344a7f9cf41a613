import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DidResolutionService } from '@dpi/did';
import type { EnvelopeVerifier } from '../envelope.verifier';
import { toConsumedRecord } from '../kafka-record.types';
import type { MessagingMetrics } from '../messaging.metrics';
import { ConsumerMembership, type ConsumerStatus, type ConsumerStatusSource } from './consumer-membership';

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
  metrics?: MessagingMetrics;
  topic?: string;
  /** Called after each invalidation (metrics, tests). */
  onInvalidated?: (did: string) => void;
}

/**
 * Follows the registry's DID events and drops the DID's cached resolution, so a rotated or deactivated
 * key stops verifying as soon as the event arrives rather than when the cache entry expires. A cache is
 * per process, so each process has a group of its own, and no event may be missed, not even one
 * published while the broker was down or the group was rejoining:
 * - before the group first joins, its offsets are set to the topic's current end and only then is the
 *   whole cache dropped, so every change after that point is either read or already in what is resolved;
 * - offsets are committed after each batch, so a consumer that kafkajs restarts (a broker crash, a lost
 *   session) resumes where it stopped instead of at the newest event;
 * - if the committed offsets are gone anyway (expired, topic recreated), it reads from the beginning:
 *   extra invalidations cost a re-resolution, a missed one lets a retired key verify until the TTL.
 * Events that fail verification are counted and logged: they are not this consumer's to dead-letter.
 */
export class DidCacheInvalidator implements ConsumerStatusSource {
  private consumer: Consumer | undefined;
  private readonly topic: string;
  private readonly membership = new ConsumerMembership();
  private groupId: string | undefined;
  private startError: string | undefined;
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: DidCacheInvalidatorOptions) {
    this.topic = options.topic ?? DID_EVENTS_TOPIC;
  }

  /** Positions a new group at the topic's end, drops the cache, and consumes in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    this.starting = this.startGroup();
    try {
      await this.starting;
      this.startError = undefined;
    } catch (error) {
      this.startError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.starting = undefined;
    }
  }

  /**
   * Leaves the group and deletes it (its offsets are of use to no later process). A start still under
   * way is waited for first: stopping before its consumer existed would otherwise leave that consumer
   * running after the service has closed.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.leave();
  }

  private async leave(): Promise<void> {
    // With the broker unreachable the delete would only wait for its timeouts: skip it then.
    const reachable = this.membership.state.joined;
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    if (this.groupId && reachable) await this.deleteGroup(this.groupId);
    this.groupId = undefined;
  }

  /** For readiness: running only while the consumer is in its group. */
  status(): ConsumerStatus {
    return this.membership.status({
      stopped: this.stopped,
      started: this.consumer !== undefined,
      ...(this.startError ? { startError: this.startError } : {}),
    });
  }

  private async startGroup(): Promise<void> {
    const { kafka, resolution } = this.options;
    const groupId = `did-cache-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
      await admin.setOffsets({
        groupId,
        topic: this.topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    this.groupId = groupId;
    // After the offsets are fixed: a change committed before this line is seen by any later resolution,
    // and its event, if published after the offsets were read, is consumed as well.
    resolution.clear();
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    this.membership.attach(consumer);
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachMessage: async ({ message, partition }) => this.onMessage(partition, message),
      });
    } catch (error) {
      await this.leave();
      throw error;
    }
  }

  private async onMessage(partition: number, message: Parameters<typeof toConsumedRecord>[2]): Promise<void> {
    const { verifier, resolution, metrics, logger } = this.options;
    const record = toConsumedRecord(this.topic, partition, message);
    const verdict = await verifier.verify(record);
    if (!verdict.ok) {
      metrics?.rejected.inc({ topic: this.topic, reason: verdict.reason });
      logger.warn(
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
    metrics?.consumed.inc({ topic: this.topic, type: verdict.event.type });
    if (!DID_CHANGE_TYPES.has(verdict.event.type)) return;
    const { did } = verdict.event.data as { did: string };
    resolution.invalidate(did);
    this.options.onInvalidated?.(did);
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.options.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch {
      // Best effort: an empty group's offsets expire on their own (offsets.retention.minutes).
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
