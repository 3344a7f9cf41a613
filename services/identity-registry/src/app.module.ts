import { Module } from '@nestjs/common';

import { CredentialsModule } from './credentials/credentials.module';
import { DemoCityModule } from './demo-city/demo-city.module';
import { DidsModule } from './dids/dids.module';

/** The identity-registry's own features (DID registry, resolver and credential issuer); the shared plumbing comes from @dpi/service-kit. */
@Module({ imports: [DidsModule, CredentialsModule, DemoCityModule] })
export class AppModule {}
