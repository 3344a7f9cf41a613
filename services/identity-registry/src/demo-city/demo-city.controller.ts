import { Controller, Get } from '@nestjs/common';

import { CredentialRepository } from '../credentials/credential.repository';
import { CredentialStatusService } from '../credentials/credential-status.service';
import { DemoCityException } from './demo-city.exception';
import { actorFacts } from './demo-city.plan';
import { DemoCitySeeder } from './demo-city.seeder';

/** GET /1.0/demo-city: the seeded actors, their DIDs and their credentials with the current status. */
@Controller('1.0/demo-city')
export class DemoCityController {
  constructor(
    private readonly seeder: DemoCitySeeder,
    private readonly credentials: CredentialRepository,
    private readonly status: CredentialStatusService,
  ) {}

  @Get()
  async get(): Promise<Record<string, unknown>> {
    const city = this.seeder.city;
    if (!city)
      throw new DemoCityException(
        'DEMO_CITY_NOT_SEEDED',
        'This registry was started without DEMO_CITY_SEED, so it has no demo city. Start it with DEMO_CITY_SEED (16 characters or more) and KEYSTORE_DIR.',
      );
    const ids = city.actors.flatMap(({ credentialId }) => (credentialId ? [credentialId] : []));
    const records = new Map((await this.credentials.findMany(ids)).map((record) => [record.id, record]));
    const actors = [];
    for (const { actor, did, kid, keyFile, credentialId } of city.actors) {
      const record = credentialId ? records.get(credentialId) : undefined;
      actors.push({
        ...actorFacts(actor),
        did,
        kid,
        keyFile,
        credential: record
          ? {
              id: record.id,
              type: record.type,
              issuer: record.issuerDid,
              status: (await this.status.state(record)).status,
              verifiableCredential: record.jws,
            }
          : null,
      });
    }
    return {
      seedFingerprint: city.seedFingerprint,
      keystore: city.keystore,
      registryIssuer: city.registryIssuer,
      actors,
    };
  }
}
