import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { postgresBitPosition, STATUS_LIST_LENGTH, type StatusPurpose } from '@dpi/credentials';

import { createIndexPermutation } from './index-permutation.util';

export type { StatusPurpose };

/** One status list as stored. */
export interface StatusListRow {
  id: string;
  issuerDid: string;
  purpose: StatusPurpose;
  length: number;
  bits: Buffer;
  version: number;
  updatedAt: Date;
}

/** One bit of a list, with what a verifier must compare (issuer, purpose); `set` is null outside the list. */
export interface StatusBit {
  issuerDid: string;
  purpose: StatusPurpose;
  length: number;
  set: boolean | null;
}

interface AllocatedRow {
  id: string;
  counter: number;
  length: number;
  permutation_key: Buffer;
}

/**
 * The status lists in PostgreSQL. Every change is a single atomic statement: an index is taken by
 * incrementing the list's counter under its row lock, and a bit is flipped with set_bit on the stored
 * bitstring, so concurrent changes to one list never overwrite each other's bits.
 */
@Injectable()
export class StatusListRepository {
  // The permutation tables cost a few ms to build; one per list is kept.
  private readonly permutations = new Map<string, (counter: number) => number>();

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the next free index of an open list of this issuer and purpose, opening a new list when all are full. */
  async allocate(
    manager: EntityManager,
    issuerDid: string,
    purpose: StatusPurpose,
    now: Date,
  ): Promise<{ listId: string; index: number }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = (await manager.query(
        `WITH open AS (
           SELECT id FROM status_list WHERE issuer_did = $1 AND purpose = $2 AND allocated < length
           ORDER BY created_at, id LIMIT 1)
         , taken AS (
           UPDATE status_list list SET allocated = list.allocated + 1 FROM open
           WHERE list.id = open.id AND list.allocated < list.length
           RETURNING list.id, list.allocated - 1 AS counter, list.length, list.permutation_key)
         SELECT * FROM taken`,
        [issuerDid, purpose],
      )) as AllocatedRow[];
      if (row) return { listId: row.id, index: this.permutation(row)(row.counter) };
      await manager.query(
        `INSERT INTO status_list (id, issuer_did, purpose, length, bits, permutation_key, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [
          randomUUID(),
          issuerDid,
          purpose,
          STATUS_LIST_LENGTH,
          Buffer.alloc(STATUS_LIST_LENGTH / 8),
          randomBytes(32),
          now,
        ],
      );
    }
    throw new Error(`no status list index could be allocated for ${issuerDid} (${purpose})`);
  }

  /** Sets or clears one bit; true when it changed (the list's version then moves on). */
  async setBit(
    manager: EntityManager,
    listId: string,
    index: number,
    value: boolean,
    now: Date,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `WITH changed AS (
         UPDATE status_list SET bits = set_bit(bits, $2, $3), version = version + 1, updated_at = $4
         WHERE id = $1 AND get_bit(bits, $2) <> $3 RETURNING id)
       SELECT id FROM changed`,
      [listId, postgresBitPosition(index), value ? 1 : 0, now],
    )) as unknown[];
    return rows.length > 0;
  }

  /** One bit of a list, or undefined when there is no such list. */
  async bit(listId: string, index: number, manager?: EntityManager): Promise<StatusBit | undefined> {
    const [row] = (await (manager ?? this.dataSource.manager).query(
      `SELECT issuer_did, purpose, length, CASE WHEN $3 < length THEN get_bit(bits, $2) END AS bit
       FROM status_list WHERE id = $1`,
      [listId, postgresBitPosition(index), index],
    )) as Array<{ issuer_did: string; purpose: StatusPurpose; length: number; bit: number | null }>;
    if (!row) return undefined;
    return {
      issuerDid: row.issuer_did,
      purpose: row.purpose,
      length: row.length,
      set: row.bit === null ? null : row.bit === 1,
    };
  }

  /** A whole list, or undefined. */
  async find(listId: string): Promise<StatusListRow | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT id, issuer_did, purpose, length, bits, version, updated_at FROM status_list WHERE id = $1',
      [listId],
    )) as Array<{
      id: string;
      issuer_did: string;
      purpose: StatusPurpose;
      length: number;
      bits: Buffer;
      version: number;
      updated_at: Date;
    }>;
    return row
      ? {
          id: row.id,
          issuerDid: row.issuer_did,
          purpose: row.purpose,
          length: row.length,
          bits: row.bits,
          version: row.version,
          updatedAt: row.updated_at,
        }
      : undefined;
  }

  private permutation(row: AllocatedRow): (counter: number) => number {
    let permutation = this.permutations.get(row.id);
    if (!permutation) {
      permutation = createIndexPermutation(row.permutation_key, row.length);
      this.permutations.set(row.id, permutation);
    }
    return permutation;
  }
}
