import { Kafka, logLevel, Partitioners, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** Routes kafkajs's own logs to pino; its INFO chatter (joins, rebalances) goes to debug. */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      const context = { namespace, ...extra };
      if (level === logLevel.ERROR) kafkaLogger.error(context, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(context, message);
      else if (level === logLevel.INFO) kafkaLogger.debug(context, message);
      else kafkaLogger.trace(context, message);
    };
}

/** The kafkajs client of a service: clientId = service name, logs through pino. */
export function createKafkaClient(options: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // kafkajs uses this client-level retry for every connection attempt, and a retry chain in flight
    // cannot be cancelled: kept short so a stopped service exits promptly even with Kafka down.
    // Callers that need patience retry on their own (the lifecycle loop, consumers' restartOnFailure).
    retry: { initialRetryTime: 200, retries: 2, maxRetryTime: 1_000 },
    logLevel: logLevel.INFO,
    logCreator: pinoLogCreator(options.logger),
  });
}

/** The partitioner every producer uses, named so kafkajs does not warn about its v2 default change. */
export const DEFAULT_PARTITIONER = Partitioners.DefaultPartitioner;
