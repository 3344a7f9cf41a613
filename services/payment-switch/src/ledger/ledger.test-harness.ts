// Test support for the ledger's integration specs: the real switch on a fresh database of the run's
// PostgreSQL, its LedgerService and clock, raw SQL on that database, and GET /ledger/invariants checked
// against the contract. Used by *.int-spec.ts only.
import { randomInt } from 'node:crypto';

import type { RunningService } from '@dpi/service-kit';
import { startServiceUnderTest } from '@dpi/service-kit/testing';

import type { PaymentSwitchConfig } from '../config/payment-switch.config';
import { paymentSwitchService } from '../service.definition';
import type { InvariantReport } from './ledger.model';
import { LedgerService } from './ledger.service';
import { SandboxClock } from './sandbox.clock';

/** A running switch for one spec file. */
export interface SwitchUnderTest {
  service: RunningService<PaymentSwitchConfig>;
  ledger: LedgerService;
  clock: SandboxClock;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** GET /ledger/invariants, its answer checked against the contract. */
  invariants(): Promise<InvariantReport>;
  close(): Promise<void>;
}

/** Starts the payment switch against a new database (DATABASE_URL / KAFKA_BROKERS of the test run). */
export async function startSwitch(env: Record<string, string> = {}): Promise<SwitchUnderTest> {
  const { service, contract, sql, close } = await startServiceUnderTest(paymentSwitchService, env);
  return {
    service,
    ledger: service.app.get(LedgerService),
    clock: service.app.get(SandboxClock),
    sql,
    invariants: async () => {
      const response = await fetch(`${service.url}/ledger/invariants`);
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const body = (await response.json()) as InvariantReport;
      contract.assertValid({
        path: '/ledger/invariants',
        method: 'GET',
        status: response.status,
        contentType,
        body,
      });
      if (response.status !== 200) throw new Error(`GET /ledger/invariants answered ${response.status}`);
      return body;
    },
    close,
  };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A fresh 8-character participant id (base58btc, as libs/iso20022 defines them). */
export function newParticipant(): string {
  return Array.from({ length: 8 }, () => BASE58[randomInt(BASE58.length)]).join('');
}

/** The domain code and ISO reason code a promise was refused with. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; reasonCode?: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, reasonCode } = error as { code: string; reasonCode?: string };
    return reasonCode === undefined ? { code } : { code, reasonCode };
  }
  throw new Error('expected a refusal, the operation succeeded');
}

/**
 * Runs `count` tasks at once with at most `inFlight` started and unfinished: more than the service's
 * 10 database connections, so every connection always has a racer, yet no caller queues for a pool
 * connection long enough to hit its connect timeout on a loaded machine.
 */
export async function race<T>(
  count: number,
  inFlight: number,
  task: (index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++)
      results[index] = await task(index).then(
        (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
      );
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return results;
}
