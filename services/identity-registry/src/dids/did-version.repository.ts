import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

import type { DidVersion } from './did-history';

interface DidVersionRow {
  did: string;
  version: number;
  operation: DidVersion['operation'];
  document: string | null;
  version_time: Date;
  proof: string;
  content_hash: string;
  previous_hash: string | null;
  entry_hash: string;
}

const HISTORY_SQL = `SELECT did, version, operation, document, version_time, proof, content_hash, previous_hash, entry_hash
  FROM did_version WHERE did = $1 ORDER BY version`;

/** Thrown when another writer inserted the same (did, version) first. */
export class VersionTakenError extends Error {}

const toVersion = (row: DidVersionRow): DidVersion => ({
  did: row.did,
  version: row.version,
  operation: row.operation,
  document: row.document,
  versionTime: row.version_time,
  proof: row.proof,
  contentHash: row.content_hash,
  previousHash: row.previous_hash,
  entryHash: row.entry_hash,
});

/** did_version in PostgreSQL: reads of a DID's history and appends of new versions. */
@Injectable()
export class DidVersionRepository {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    // The resolver's hot path goes to pg directly with a named (prepared) statement.
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Every version of `did`, oldest first ([] when it was never created); inside `manager`'s transaction if given. */
  async history(did: string, manager?: EntityManager): Promise<DidVersion[]> {
    if (manager) return ((await manager.query(HISTORY_SQL, [did])) as DidVersionRow[]).map(toVersion);
    const result = await this.pool.query<DidVersionRow>({
      name: 'did_history',
      text: HISTORY_SQL,
      values: [did],
    });
    return result.rows.map(toVersion);
  }

  /** Appends a sealed version; VersionTakenError when (did, version) exists already. */
  async append(manager: EntityManager, version: DidVersion): Promise<void> {
    try {
      await manager.query(
        `INSERT INTO did_version (did, version, operation, document, version_time, proof, content_hash, previous_hash, entry_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          version.did,
          version.version,
          version.operation,
          version.document,
          version.versionTime,
          version.proof,
          version.contentHash,
          version.previousHash,
          version.entryHash,
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new VersionTakenError(`${version.did} version ${version.version} exists`);
      throw error;
    }
  }

  /** The most recently created DIDs that are not deactivated (for /1.0/testIdentifiers). */
  async recentActiveDids(limit: number): Promise<string[]> {
    const result = await this.pool.query<{ did: string }>(
      `SELECT v.did FROM did_version v
        WHERE v.version = 1 AND NOT EXISTS (SELECT 1 FROM did_version d WHERE d.did = v.did AND d.operation = 'deactivate')
        ORDER BY v.version_time DESC, v.did LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => row.did);
  }
}
