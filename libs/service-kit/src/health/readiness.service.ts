import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { KafkaAdminHolder } from '../kafka/kafka-admin.holder';
import { MessagingRuntime, type MessagingHealth } from '../messaging/messaging-runtime';
import { ShutdownState } from './shutdown-state';
import { withTimeout } from './with-timeout.util';

/** One dependency's state in a readiness report. */
export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** The body of /health/ready. */
export interface ReadinessReport {
  status: 'ready' | 'not_ready' | 'shutting_down';
  checks: { database: DependencyCheck; kafka: DependencyCheck };
  messaging: MessagingHealth;
}

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Checks for real that PostgreSQL answers a query and the Kafka cluster answers a metadata request. */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly kafkaAdmin: KafkaAdminHolder,
    private readonly shutdown: ShutdownState,
    private readonly messaging: MessagingRuntime,
  ) {}

  /** Probes both dependencies in parallel, each bounded by a short timeout. */
  async report(): Promise<ReadinessReport> {
    const [database, kafka] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.kafkaAdmin.describeCluster()),
    ]);
    const messaging = this.messaging.health();
    const consumersRunning = messaging.consumers.every((consumer) => consumer.running);
    const status = this.shutdown.isShuttingDown
      ? 'shutting_down'
      : database.status === 'up' && kafka.status === 'up' && consumersRunning
        ? 'ready'
        : 'not_ready';
    return { status, checks: { database, kafka }, messaging };
  }
}
