import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { SignedEventConsumer, type EventHandler, type RetryPolicy } from '@dpi/messaging';

import type { MessagingRuntime } from './messaging-runtime';
import { SignedEventContext } from './signed-event.context';

const RETRY_DELAY_MS = 5_000;

/** Which topics a service consumes, as one consumer group. */
export interface SignedKafkaTransportOptions {
  groupId: string;
  topics: string[];
  retry?: Partial<RetryPolicy>;
}

/**
 * A Nest microservice transport for signed events: each `@EventPattern('<ce_type>')` handler receives the
 * verified data (and a SignedEventContext with `@Ctx()`); verification, the inbox, retries and dead
 * letters happen around it in SignedEventConsumer.
 */
export class SignedKafkaTransport extends Server implements CustomTransportStrategy {
  private consumer: SignedEventConsumer | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dependencies: {
      runtime: MessagingRuntime;
      kafka: Kafka;
      dataSource: () => DataSource;
      logger: Logger;
    },
    private readonly settings: SignedKafkaTransportOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    const { runtime, kafka, dataSource, logger } = this.dependencies;
    const handlers: Record<string, EventHandler> = {};
    for (const [pattern, handler] of this.messageHandlers) {
      handlers[pattern] = async (event, context) => {
        const result: unknown = await handler(event.data, new SignedEventContext([event, context]));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      };
    }
    this.consumer = new SignedEventConsumer({
      kafka,
      groupId: this.settings.groupId,
      topics: this.settings.topics,
      verifier: runtime.verifier,
      dataSource: dataSource(),
      handlers,
      logger: logger.child({ component: 'consumer', groupId: this.settings.groupId }),
      metrics: runtime.metrics,
      ...(this.settings.retry ? { retry: this.settings.retry } : {}),
    });
    runtime.registerConsumer(this.settings.groupId, this.consumer);
    // Kafka being late must not stop the service: the consumer connects in the background, and until it
    // runs /health/ready says not_ready.
    void this.startWithRetry(this.consumer, logger);
    callback();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.consumer?.stop();
  }

  private async startWithRetry(consumer: SignedEventConsumer, logger: Logger): Promise<void> {
    try {
      await consumer.start();
    } catch (error) {
      await consumer.stop();
      if (this.closed) return;
      logger.warn(
        { err: error, groupId: this.settings.groupId },
        `consumer start failed; retrying in ${RETRY_DELAY_MS} ms`,
      );
      this.retryTimer = setTimeout(() => void this.startWithRetry(consumer, logger), RETRY_DELAY_MS);
    }
  }

  on(): never {
    throw new Error('SignedKafkaTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
