import { Module } from '@nestjs/common';

/** The data-exchange-gateway's own features (consented data-exchange gateway); the shared plumbing comes from @dpi/service-kit. */
@Module({})
export class AppModule {}
