import { Module } from '@nestjs/common';

/** The payment-switch's own features (instant payment switch); the shared plumbing comes from @dpi/service-kit. */
@Module({})
export class AppModule {}
