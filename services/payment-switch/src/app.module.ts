import { Module } from '@nestjs/common';

import { LedgerModule } from './ledger/ledger.module';

/** The payment-switch's own features (instant payment switch); the shared plumbing comes from @dpi/service-kit. */
@Module({ imports: [LedgerModule] })
export class AppModule {}
