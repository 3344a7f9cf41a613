import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { PaymentSwitchConfig } from '../config/payment-switch.config';
import { LedgerInvariantsRepository } from './ledger-invariants.repository';
import type { InvariantReport } from './ledger.model';
import { SandboxClock } from './sandbox.clock';

/** Checks the ledger's invariants live, for GET /ledger/invariants and the tests. */
@Injectable()
export class LedgerInvariantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invariants: LedgerInvariantsRepository,
    private readonly clock: SandboxClock,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentSwitchConfig,
  ) {}

  async report(): Promise<InvariantReport> {
    const now = this.clock.now();
    // REPEATABLE READ and read-only: every check reads the same snapshot, and a concurrent transfer
    // cannot make two checks disagree with each other.
    const checks = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return this.invariants.check(manager, now, this.config.LEDGER_EXPIRY_GRACE_SECONDS * 1000);
    });
    return { holds: checks.every((check) => check.holds), checkedAt: now.toISOString(), checks };
  }
}
