import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A seeded actor as recorded: its DID and the credential it was given. */
export interface DemoActorRow {
  did: string;
  name: string;
  role: string;
  credentialId: string;
}

/** The demo city's actors in PostgreSQL: which credential each DID got, so a restart issues none twice. */
@Injectable()
export class DemoCityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(did: string): Promise<DemoActorRow | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT did, name, role, credential_id FROM demo_city_actor WHERE did = $1',
      [did],
    )) as Array<{ did: string; name: string; role: string; credential_id: string }>;
    return row
      ? { did: row.did, name: row.name, role: row.role, credentialId: row.credential_id }
      : undefined;
  }

  /** Records an actor in the issuing transaction; false when a concurrent seeder recorded it first. */
  async insert(manager: EntityManager, row: DemoActorRow): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO demo_city_actor (did, name, role, credential_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (did) DO NOTHING RETURNING did`,
      [row.did, row.name, row.role, row.credentialId],
    )) as unknown[];
    return inserted.length > 0;
  }
}
