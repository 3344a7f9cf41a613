import { Module } from '@nestjs/common';

import { CredentialsModule } from '../credentials/credentials.module';
import { DemoCityController } from './demo-city.controller';
import { DemoCityRepository } from './demo-city.repository';
import { DemoCitySeeder } from './demo-city.seeder';

/** The seeded demo city (DEMO_CITY_SEED): its actors' DIDs, keys in the keystore, and credentials. */
@Module({
  imports: [CredentialsModule],
  controllers: [DemoCityController],
  providers: [DemoCityRepository, DemoCitySeeder],
})
export class DemoCityModule {}
