import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import type { BaseConfig } from '../config/base-config.schema';
import { resolveContractsDir } from '../config/contracts-dir.util';
import { loadConfig } from '../config/load-config';
import { assertDatabaseOwner } from '../database/database-owner.check';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { ProblemMap } from '../errors/problem-map';
import { REQUEST_PROBLEMS } from '../errors/request-validation.exception';
import { answerFrameworkError, MAX_PARAM_LENGTH } from '../errors/framework-errors.handler';
import { ShutdownState } from '../health/shutdown-state';
import { createKafkaClient } from '../kafka/kafka-client.factory';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { SignedKafkaTransport } from '../messaging/signed-kafka.transport';
import { createRootLogger } from '../logging/logger.factory';
import { REQUEST_ID_HEADER, resolveRequestId } from '../logging/request-id.util';
import { registerHttpMetrics } from '../metrics/http-metrics.hook';
import { createServiceMetrics } from '../metrics/metrics.registry';
import { loadOpenApiDocument } from '../openapi/openapi-document.loader';
import { serveOpenApi } from '../openapi/openapi.setup';
import { methodNotAllowedHook } from '../validation/method-not-allowed.hook';
import { OpenApiRequestValidator } from '../validation/openapi-request.validator';
import { RequestValidationInterceptor } from '../validation/request-validation.interceptor';
import type { ServiceContext } from './service-context';
import type { ServiceDefinition } from './service-definition';
import { ServiceKitModule } from './service-kit.module';
import { StartupError } from './startup.error';

/** A started service: its Nest app, where it listens, and how to stop it gracefully. */
export interface RunningService<C extends BaseConfig = BaseConfig> {
  app: NestFastifyApplication;
  config: C;
  context: ServiceContext;
  /** `http://host:port` of the listening server. */
  url: string;
  /** Readiness goes false, new requests get 503, in-flight ones finish, Kafka and the database close. */
  close(): Promise<void>;
}

function repositoryVersion(contractsDir: string): string {
  try {
    return (
      (JSON.parse(readFileSync(join(contractsDir, '..', 'package.json'), 'utf8')) as { version?: string })
        .version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

/**
 * Validates the environment, builds the service's Nest app on fastify with the kit's plumbing, runs
 * its migrations, listens on HOST:PORT and starts the Kafka lifecycle announcer. Throws on any failure
 * (ConfigValidationError for a bad environment); bootstrapService turns that into an exit code.
 */
export async function createServiceApp<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunningService<C>> {
  const config = loadConfig(definition.configSchema, env) as C;
  const contractsDir = resolveContractsDir(config.CONTRACTS_DIR);
  const instanceId = config.SERVICE_INSTANCE_ID ?? randomUUID();
  const logger = createRootLogger({ service: definition.name, instanceId, level: config.LOG_LEVEL });
  const context: ServiceContext = {
    name: definition.name,
    version: definition.version ?? repositoryVersion(contractsDir),
    instanceId,
    startedAt: new Date(),
    contractsDir,
    config,
    logger,
    problems: new ProblemMap([...REQUEST_PROBLEMS, ...(definition.problems ?? [])]),
  };
  const document = await loadOpenApiDocument(contractsDir, definition.name);
  const metrics = createServiceMetrics(definition.name);
  const kafka = createKafkaClient({ clientId: definition.name, brokers: config.KAFKA_BROKERS, logger });
  const messaging = await MessagingRuntime.create({
    config,
    contractsDir,
    kafka,
    logger: logger.child({ component: 'messaging' }),
    registry: metrics.registry,
  });

  @Module({
    imports: [
      ServiceKitModule.forRoot({ context, config, database: definition.database, kafka, metrics, messaging }),
      definition.module,
    ],
  })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => resolveRequestId(request.headers[REQUEST_ID_HEADER]),
    return503OnClosing: true,
    // Longer than any parameter a contract allows, so the contract's own maxLength answers (400 naming
    // the parameter, after the auth check); beyond it the router refuses, as problem details too.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  try {
    app.useLogger(app.get(NestPinoLogger));
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
    fastify.addHook('onRequest', methodNotAllowedHook(document as unknown as Record<string, unknown>));
    registerHttpMetrics(fastify, metrics);
    app.useGlobalFilters(
      new ProblemDetailsFilter(
        logger.child({ component: 'http' }),
        config.BODY_LIMIT_BYTES,
        context.problems,
      ),
    );
    app.useGlobalInterceptors(
      new RequestValidationInterceptor(
        new OpenApiRequestValidator(document as unknown as Record<string, unknown>),
      ),
    );
    serveOpenApi(app, document);
    if (definition.consumes) {
      const transport = new SignedKafkaTransport(
        { runtime: messaging, kafka, dataSource: () => app.get(DataSource), logger },
        { groupId: definition.consumes.groupId ?? definition.name, topics: definition.consumes.topics },
      );
      app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    }
    await app.init();
    await assertDatabaseOwner(app.get(DataSource), definition.name);
    await app.listen({ host: config.HOST, port: config.PORT }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        throw new StartupError(
          `port ${config.PORT} on ${config.HOST} is already in use; set PORT to a free port`,
        );
      throw error;
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  messaging.start(app.get(DataSource));
  if (definition.consumes) await app.startAllMicroservices();
  app.get(LifecycleService).start();

  const address = app.getHttpServer().address();
  const url =
    typeof address === 'object' && address
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : `http://${config.HOST}:${config.PORT}`;
  logger.info({ url, version: context.version }, `${definition.name} listening`);

  return {
    app,
    config,
    context,
    url,
    close: async () => {
      app.get(ShutdownState).begin();
      await app.close();
    },
  };
}
