import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Kafka } from 'kafkajs';
import { LoggerModule } from 'nestjs-pino';

import {
  createDataSourceOptions,
  type ServiceDatabaseDefinition,
} from '../database/data-source-options.factory';
import { HealthController } from '../health/health.controller';
import { ReadinessService } from '../health/readiness.service';
import { ShutdownState } from '../health/shutdown-state';
import { KafkaAdminHolder } from '../kafka/kafka-admin.holder';
import { KAFKA_CLIENT } from '../kafka/kafka.tokens';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { PeerRegistry } from '../lifecycle/peer-registry';
import { PeersController } from '../lifecycle/peers.controller';
import { createHttpLoggerParams } from '../logging/logger.factory';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { MessagingShutdownHook } from '../messaging/messaging-shutdown.hook';
import { METRICS_REGISTRY, MetricsController } from '../metrics/metrics.controller';
import type { ServiceMetrics } from '../metrics/metrics.registry';
import { SERVICE_CONFIG, SERVICE_CONTEXT, type ServiceContext } from './service-context';

/** What the kit module is built from; bootstrap resolves all of it before Nest starts. */
export interface ServiceKitModuleOptions {
  context: ServiceContext;
  /** The service's whole validated config (its own schema's output). */
  config: object;
  database: ServiceDatabaseDefinition;
  kafka: Kafka;
  metrics: ServiceMetrics;
  messaging: MessagingRuntime;
}

/**
 * The shared plumbing of every service as one global module: logging, the service's own database
 * (migrations run at start-up), Kafka, health, metrics and the lifecycle announcer.
 */
@Module({})
export class ServiceKitModule {
  /** The module for one service process. */
  static forRoot(options: ServiceKitModuleOptions): DynamicModule {
    const { context } = options;
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        LoggerModule.forRoot(createHttpLoggerParams(context.logger)),
        TypeOrmModule.forRoot({
          ...createDataSourceOptions(context.config.DATABASE_URL, options.database, context.name),
          retryAttempts: 2,
          retryDelay: 1_000,
        }),
      ],
      controllers: [HealthController, MetricsController, PeersController],
      providers: [
        { provide: SERVICE_CONTEXT, useValue: context },
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: KAFKA_CLIENT, useValue: options.kafka },
        { provide: METRICS_REGISTRY, useValue: options.metrics.registry },
        { provide: MessagingRuntime, useValue: options.messaging },
        MessagingShutdownHook,
        ShutdownState,
        KafkaAdminHolder,
        ReadinessService,
        PeerRegistry,
        LifecycleService,
      ],
      exports: [
        SERVICE_CONTEXT,
        SERVICE_CONFIG,
        KAFKA_CLIENT,
        METRICS_REGISTRY,
        MessagingRuntime,
        ShutdownState,
        PeerRegistry,
      ],
    };
  }
}
