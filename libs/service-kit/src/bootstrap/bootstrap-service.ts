import type { BaseConfig } from '../config/base-config.schema';
import { ConfigValidationError } from '../config/load-config';
import { createServiceApp, type RunningService } from './create-service-app';
import type { ServiceDefinition } from './service-definition';
import { StartupError } from './startup.error';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * A service's `main`: starts it with createServiceApp and handles SIGTERM/SIGINT by closing it
 * gracefully and exiting 0 (1 if that takes longer than SHUTDOWN_TIMEOUT_MS). A bad environment or a
 * failed start prints why and exits 1, without a stack trace for configuration errors.
 */
export async function bootstrapService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
): Promise<void> {
  let running: RunningService<C>;
  try {
    running = await createServiceApp(definition);
  } catch (error) {
    if (error instanceof ConfigValidationError || error instanceof StartupError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
    } else {
      process.stderr.write(
        `${definition.name} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  }

  const logger = running.context.logger;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timeoutMs = running.config.SHUTDOWN_TIMEOUT_MS;
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, timeoutMs).unref();
    running.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.once(signal, stop);
}
