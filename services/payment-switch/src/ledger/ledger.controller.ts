import { Controller, Get } from '@nestjs/common';

import { LedgerInvariantsService } from './ledger-invariants.service';
import type { InvariantReport } from './ledger.model';

/** The ledger's public, read-only proof that it balances. */
@Controller('ledger')
export class LedgerController {
  constructor(private readonly invariants: LedgerInvariantsService) {}

  /** Answers 200 whether or not the invariants hold: `holds` says which, each check says why. */
  @Get('invariants')
  invariantsReport(): Promise<InvariantReport> {
    return this.invariants.report();
  }
}
