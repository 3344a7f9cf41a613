import { Module } from '@nestjs/common';

import { LedgerInvariantsRepository } from './ledger-invariants.repository';
import { LedgerInvariantsService } from './ledger-invariants.service';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { SandboxClock } from './sandbox.clock';

/** Ledger: liquidity positions, reservations, double-entry postings and their invariants. */
@Module({
  controllers: [LedgerController],
  providers: [
    SandboxClock,
    LedgerRepository,
    LedgerService,
    LedgerInvariantsRepository,
    LedgerInvariantsService,
  ],
  // The transfer flow reserves, commits and releases through LedgerService, on the same movable clock.
  exports: [LedgerService, LedgerInvariantsService, SandboxClock],
})
export class LedgerModule {}
