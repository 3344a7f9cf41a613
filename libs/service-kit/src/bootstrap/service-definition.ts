import type { DynamicModule, Type } from '@nestjs/common';

import type { BaseConfig, ServiceConfigSchema } from '../config/base-config.schema';
import type { ServiceDatabaseDefinition } from '../database/data-source-options.factory';
import type { ProblemMapEntry } from '../errors/problem-map';

/** Everything the kit needs to know about a service to run it. */
export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  /** The service name: Kafka clientId, log `service`, contract file `contracts/openapi/<name>.yaml`. */
  name: string;
  /** The service's root Nest module (its features); the kit's plumbing is added around it. */
  module: Type<unknown> | DynamicModule;
  configSchema: ServiceConfigSchema<C>;
  database: ServiceDatabaseDefinition;
  /**
   * The HTTP edge's one mapping from domain codes to statuses: per feature, its exception class and a
   * catalogue of its codes (`problemsOf(TransferException, TRANSFER_PROBLEMS)`).
   */
  problems?: readonly ProblemMapEntry[];
  /** Defaults to the repository's package.json version. */
  version?: string;
  /**
   * Signed Kafka topics the service consumes; its `@EventPattern('<ce_type>')` handlers receive their events.
   * The consumer group defaults to the service name.
   */
  consumes?: { topics: string[]; groupId?: string };
}
