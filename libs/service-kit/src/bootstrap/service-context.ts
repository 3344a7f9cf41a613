import type { Logger } from 'pino';

import type { BaseConfig } from '../config/base-config.schema';
import type { ProblemMap } from '../errors/problem-map';

/** Injection token of the ServiceContext. */
export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');

/** Injection token of the service's validated configuration (its own schema's output type). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Who this process is, resolved once at start-up. */
export interface ServiceContext {
  name: string;
  version: string;
  instanceId: string;
  startedAt: Date;
  contractsDir: string;
  config: BaseConfig;
  /** The root pino logger (outside any request). */
  logger: Logger;
  /** How the service's domain codes answer over HTTP (the kit's own request errors included). */
  problems: ProblemMap;
}
