import { Module } from '@nestjs/common';

/** The identity-registry's own features (DID registry, resolver and credential issuer); the shared plumbing comes from @dpi/service-kit. */
@Module({})
export class AppModule {}
