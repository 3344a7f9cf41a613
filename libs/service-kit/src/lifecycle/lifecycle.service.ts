import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerMembership, toConsumedRecord, type ConsumerStatus } from '@dpi/messaging';

import { SERVICE_CONTEXT, type ServiceContext } from '../bootstrap/service-context';
import { DEFAULT_PARTITIONER } from '../kafka/kafka-client.factory';
import { KAFKA_CLIENT } from '../kafka/kafka.tokens';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { withTimeout } from '../health/with-timeout.util';
import { PeerRegistry } from './peer-registry';
import {
  ANNOUNCE_EVERY_MS,
  PEER_EXPIRES_AFTER_MS,
  SERVICE_STARTED_TYPE,
  SERVICE_STOPPED_TYPE,
  type ServiceStarted,
  type ServiceStopped,
} from './service-started.event';

const RETRY_DELAY_MS = 5_000;
/** The name /health/ready gives the lifecycle follower. */
export const LIFECYCLE_CONSUMER = 'lifecycle';
const ATTEMPT_UNWIND_MS = 2_000;
const STOPPED_SEND_MS = 2_000;
// Few kafkajs retries: this service retries the whole start itself, and a kafkajs retry chain in
// flight can be neither cancelled at shutdown nor outlived by the process.
const KAFKA_RETRY = { retries: 2, maxRetryTime: 1_000 };

/**
 * Announces this instance on `sandbox.lifecycle` (at start, again every ANNOUNCE_EVERY_MS, and that it
 * stopped at a graceful shutdown) and follows the topic to know its peers, so an instance that was killed
 * drops out of the list when its announcements stop. Runs in the background: Kafka being late must not
 * stop the HTTP API from starting (readiness reports it instead).
 */
@Injectable()
export class LifecycleService implements OnApplicationShutdown {
  private readonly logger: Logger;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private announceTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly topic: string;
  private readonly membership = new ConsumerMembership();
  private startError: string | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    private readonly peers: PeerRegistry,
    private readonly messaging: MessagingRuntime,
  ) {
    this.logger = context.logger.child({ component: 'lifecycle' });
    this.topic = context.config.LIFECYCLE_TOPIC;
  }

  /** Starts following the topic and announces this instance; retries in the background until it works. */
  start(): void {
    // Listed before it connects: readiness is not_ready until the follower has joined its group.
    this.messaging.registerConsumer(LIFECYCLE_CONSUMER, this);
    this.inFlight = this.attempt();
  }

  /** For readiness: running only while the follower is in its group. */
  status(): ConsumerStatus {
    return this.membership.status({
      stopped: this.stopped,
      started: this.consumer !== undefined,
      ...(this.startError ? { startError: this.startError } : {}),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.announceTimer);
    // Best effort and bounded: with Kafka down, peers drop this instance when its announcements stop.
    if (this.producer)
      await withTimeout(this.sendStopped(), STOPPED_SEND_MS).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not announce the stop'),
      );
    const joined = this.membership.state.joined;
    // Disconnecting ends a start attempt sitting in kafkajs's retries; then it gets a moment to unwind, so
    // none of its code runs after the app (or a test) has torn down, but never long enough to hang shutdown.
    await this.disconnect();
    // Its committed offsets are of use to no later instance (best effort; they expire on their own too).
    if (joined) await withTimeout(this.deleteGroup(), STOPPED_SEND_MS).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.inFlight,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ATTEMPT_UNWIND_MS))),
    ]);
    clearTimeout(timer);
  }

  private async attempt(): Promise<void> {
    try {
      await this.follow();
      if (this.stopped) return void (await this.disconnect());
      await this.announce();
      this.startError = undefined;
      if (this.stopped) return void (await this.disconnect());
      // The producer reconnects by itself after a broker outage; a failed repeat is only logged.
      this.announceTimer = setInterval(() => {
        this.announce().catch((error: unknown) =>
          this.logger.warn({ err: error }, 'could not repeat the announcement'),
        );
      }, ANNOUNCE_EVERY_MS);
      this.announceTimer.unref();
    } catch (error) {
      if (this.stopped) return;
      this.startError = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: error }, `lifecycle start failed; retrying in ${RETRY_DELAY_MS} ms`);
      await this.disconnect();
      this.retryTimer = setTimeout(() => this.start(), RETRY_DELAY_MS);
    }
  }

  private async follow(): Promise<void> {
    // The topic is a broadcast: every instance must read all of it, so each instance has its own group
    // (a shared `<service>-lifecycle` group would hand the one partition to a single instance). It starts
    // where the peer window starts (older announcements are expired anyway: with one every 30 s a week's
    // topic would be re-verified at each start), and commits, so a rejoin after a broker crash resumes.
    const groupId = this.groupId();
    await this.startGroupAt(groupId, Date.now() - PEER_EXPIRES_AFTER_MS);
    // Shutdown may have come during the steps above: start nothing it would not see to stop.
    if (this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId,
      retry: KAFKA_RETRY,
      // disconnect() waits for the fetch in flight; a short long-poll keeps shutdown quick.
      maxWaitTimeInMs: 500,
    });
    this.membership.attach(consumer);
    this.consumer = consumer;
    await consumer.connect();
    if (this.stopped) return;
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      // A broadcast every instance reads: a rejected announcement is logged and counted, not dead-lettered
      // (each instance would dead-letter the same record again).
      eachMessage: async ({ message, partition }) => {
        const record = toConsumedRecord(this.topic, partition, message);
        const verdict = await this.messaging.verifier.verify(record);
        const known = verdict.ok && [SERVICE_STARTED_TYPE, SERVICE_STOPPED_TYPE].includes(verdict.event.type);
        if (!verdict.ok || !known) {
          const reason = verdict.ok ? 'UNEXPECTED_TYPE' : verdict.reason;
          this.messaging.metrics.rejected.inc({ topic: this.topic, reason });
          this.logger.warn(
            {
              topic: this.topic,
              partition,
              offset: message.offset,
              reason,
              detail: verdict.ok ? verdict.event.type : verdict.detail,
            },
            'ignored a lifecycle message that did not verify',
          );
          return;
        }
        this.messaging.metrics.consumed.inc({ topic: this.topic, type: verdict.event.type });
        const seenAt = new Date(Number(message.timestamp));
        if (verdict.event.type === SERVICE_STOPPED_TYPE)
          this.peers.recordStopped((verdict.event.data as ServiceStopped).instanceId, seenAt);
        else this.peers.record(verdict.event.data as ServiceStarted, seenAt);
      },
    });
  }

  private groupId(): string {
    return `${this.context.name}-lifecycle-${this.context.instanceId}`;
  }

  private async deleteGroup(): Promise<void> {
    const admin = this.kafka.admin({ retry: KAFKA_RETRY });
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId()]);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Sets the group's offsets to the first record at or after `since` (the end if there is none). */
  private async startGroupAt(groupId: string, since: number): Promise<void> {
    const admin = this.kafka.admin({ retry: KAFKA_RETRY });
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsetsByTimestamp(this.topic, since);
      await admin.setOffsets({ groupId, topic: this.topic, partitions: offsets });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async announce(): Promise<void> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        createPartitioner: DEFAULT_PARTITIONER,
        allowAutoTopicCreation: false,
        retry: KAFKA_RETRY,
      });
      this.producer = producer;
      await producer.connect();
    }
    const { name, version, instanceId, startedAt } = this.context;
    const started: ServiceStarted = {
      service: name,
      version,
      instanceId,
      startedAt: startedAt.toISOString(),
    };
    await this.send(SERVICE_STARTED_TYPE, started);
    this.logger.debug({ topic: this.topic }, 'announced service start');
  }

  private async sendStopped(): Promise<void> {
    const { name, instanceId } = this.context;
    const stopped: ServiceStopped = { service: name, instanceId, stoppedAt: new Date().toISOString() };
    await this.send(SERVICE_STOPPED_TYPE, stopped);
    this.logger.info({ topic: this.topic }, 'announced service stop');
  }

  private async send(type: string, data: ServiceStarted | ServiceStopped): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new Error('lifecycle producer is not connected');
    await producer.send({
      topic: this.topic,
      messages: [this.messaging.signer.sign({ topic: this.topic, key: this.context.name, type, data })],
    });
    this.messaging.metrics.published.inc({ topic: this.topic, type });
  }

  private async disconnect(): Promise<void> {
    const { consumer, producer } = this;
    this.consumer = undefined;
    this.producer = undefined;
    // consumer.disconnect() waits for the message being processed, so none is cut in half.
    await Promise.all([
      consumer?.disconnect().catch(() => undefined),
      producer?.disconnect().catch(() => undefined),
    ]);
  }
}
