import { Kafka, logLevel } from 'kafkajs';

/**
 * A kafkajs client that logs nothing: right after a cold start the broker answers "coordinator
 * loading" and "leader not available" for a while, which kafkajs logs as errors although it (and our
 * callers) retry them.
 */
export function createQuietKafka(brokers: string[], clientId = 'dpi-local-infra'): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}

/** Waits until the cluster answers a metadata request and reports a controller, bounded by `timeoutMs`. */
export async function waitForKafka(
  brokers: string[],
  options: { timeoutMs?: number; abortIf?: () => string | undefined } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    const abortReason = options.abortIf?.();
    if (abortReason) throw new Error(`Kafka at ${brokers.join(',')} will not answer: ${abortReason}`);
    const admin = createQuietKafka(brokers, 'dpi-local-infra-probe').admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(
    `Kafka at ${brokers.join(',')} did not answer within ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s${detail}`,
  );
}
