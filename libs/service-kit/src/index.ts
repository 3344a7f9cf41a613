// The shared plumbing of every service: configuration, logging, problem details, health, metrics,
// OpenAPI, Kafka lifecycle and bootstrap. Services import only from here.
export { baseConfigSchema, portSchema } from './config/base-config.schema';
export type { BaseConfig, ServiceConfigSchema } from './config/base-config.schema';
export { ConfigValidationError, loadConfig } from './config/load-config';
export type { ConfigIssue } from './config/load-config';
export { resolveContractsDir } from './config/contracts-dir.util';

export { createRootLogger, createHttpLoggerParams, REDACTED_PATHS } from './logging/logger.factory';
export { REQUEST_ID_HEADER, resolveRequestId } from './logging/request-id.util';

export { DomainException } from './errors/domain.exception';
export type { ProblemCatalogue, ProblemDefinition } from './errors/domain.exception';
export {
  codeForStatus,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  problemType,
} from './errors/problem-details';
export type { FieldError, ProblemDetails } from './errors/problem-details';
export { mapToProblem, ProblemDetailsFilter } from './errors/problem-details.filter';
export {
  RequestValidationException,
  UnsupportedMediaTypeException,
} from './errors/request-validation.exception';
export { ProblemMap, problemsOf } from './errors/problem-map';
export type { DomainExceptionClass, ProblemMapEntry } from './errors/problem-map';
export { ProblemExtensions } from './errors/problem-extensions.decorator';
export type { ExtendedRequest, ProblemExtender } from './errors/problem-extensions.decorator';
export type { RequestPart } from './errors/problem-details';

export { OpenApiRequestValidator } from './validation/openapi-request.validator';

export { ReadinessService } from './health/readiness.service';
export type { DependencyCheck, ReadinessReport } from './health/readiness.service';
export { ShutdownState } from './health/shutdown-state';

export { METRICS_REGISTRY } from './metrics/metrics.controller';
export { createServiceMetrics } from './metrics/metrics.registry';
export type { ServiceMetrics } from './metrics/metrics.registry';

export { loadOpenApiDocument, openApiPath } from './openapi/openapi-document.loader';

export { createKafkaClient, DEFAULT_PARTITIONER, pinoLogCreator } from './kafka/kafka-client.factory';
export { KAFKA_CLIENT } from './kafka/kafka.tokens';

export { PeerRegistry } from './lifecycle/peer-registry';
export type { Peer } from './lifecycle/peer-registry';
export { LIFECYCLE_TOPIC, SERVICE_STARTED_TYPE } from './lifecycle/service-started.event';
export type { ServiceStarted } from './lifecycle/service-started.event';

export { MessagingRuntime } from './messaging/messaging-runtime';
export type { ConsumerHealth, MessagingHealth } from './messaging/messaging-runtime';
export { loadServiceIdentity } from './messaging/service-identity';
export type { ServiceIdentity } from './messaging/service-identity';
export { loadPublishPolicy } from './messaging/publish-policy.loader';
export { OnSignedEvent } from './messaging/on-signed-event.decorator';
export { SignedEventContext } from './messaging/signed-event.context';
export { SignedKafkaTransport } from './messaging/signed-kafka.transport';
export type { SignedKafkaTransportOptions } from './messaging/signed-kafka.transport';

export { createCliDataSource, createDataSourceOptions } from './database/data-source-options.factory';
export type { ServiceDatabaseDefinition } from './database/data-source-options.factory';
export { CreateServiceMetadataMigration } from './database/create-service-metadata.migration';
export { makeAppendOnly } from './database/append-only.util';

export { bootstrapService } from './bootstrap/bootstrap-service';
export { createServiceApp } from './bootstrap/create-service-app';
export { StartupError } from './bootstrap/startup.error';
export type { RunningService } from './bootstrap/create-service-app';
export { SERVICE_CONFIG, SERVICE_CONTEXT } from './bootstrap/service-context';
export type { ServiceContext } from './bootstrap/service-context';
export type { ServiceDefinition } from './bootstrap/service-definition';

// Test helpers are at '@dpi/service-kit/testing', never loaded by a running service.
