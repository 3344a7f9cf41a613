import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';

import { KAFKA_CLIENT } from './kafka.tokens';

/** A lazily connected kafkajs admin for health checks; reconnects after a failure. */
@Injectable()
export class KafkaAdminHolder implements OnApplicationShutdown {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  /** The cluster's brokers and controller, read from a fresh metadata request. */
  async describeCluster(): Promise<{ clusterId: string; brokers: number }> {
    try {
      const admin = await this.connected();
      const cluster = await admin.describeCluster();
      return { clusterId: cluster.clusterId, brokers: cluster.brokers.length };
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reset();
  }

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    // A health probe must fail fast, not sit in kafkajs's retry loop.
    this.connecting ??= (async () => {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
      return admin;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
