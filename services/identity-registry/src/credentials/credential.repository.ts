import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { SandboxCredentialType } from './credential.model';

/** Where a credential's status bit lives. */
export interface StatusPosition {
  listId: string;
  index: number;
}

/** A credential as the registry keeps it: what it says in brief, where its status bits are, and its vc+jwt. */
export interface CredentialRecord {
  id: string;
  type: SandboxCredentialType;
  issuerDid: string;
  subjectDid: string;
  validFrom: Date;
  validUntil: Date;
  revocation: StatusPosition;
  suspension: StatusPosition;
  issuedAt: Date;
  jws: string;
}

interface CredentialRow {
  id: string;
  type: SandboxCredentialType;
  issuer_did: string;
  subject_did: string;
  valid_from: Date;
  valid_until: Date;
  revocation_list_id: string;
  revocation_index: number;
  suspension_list_id: string;
  suspension_index: number;
  issued_at: Date;
  jws: string;
}

/** The issued credentials in PostgreSQL. */
@Injectable()
export class CredentialRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, record: CredentialRecord): Promise<void> {
    await manager.query(
      `INSERT INTO credential (id, type, issuer_did, subject_did, valid_from, valid_until, revocation_list_id,
         revocation_index, suspension_list_id, suspension_index, issued_at, jws)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        record.id,
        record.type,
        record.issuerDid,
        record.subjectDid,
        record.validFrom,
        record.validUntil,
        record.revocation.listId,
        record.revocation.index,
        record.suspension.listId,
        record.suspension.index,
        record.issuedAt,
        record.jws,
      ],
    );
  }

  /** A credential by id; `forUpdate` locks its row, so status changes to it happen one at a time. */
  async find(id: string, manager?: EntityManager, forUpdate = false): Promise<CredentialRecord | undefined> {
    const [row] = (await (manager ?? this.dataSource.manager).query(
      `SELECT * FROM credential WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    )) as CredentialRow[];
    return row ? fromRow(row) : undefined;
  }

  /** Several credentials by id, in no particular order. */
  async findMany(ids: string[]): Promise<CredentialRecord[]> {
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query('SELECT * FROM credential WHERE id = ANY($1)', [
      ids,
    ])) as CredentialRow[];
    return rows.map(fromRow);
  }
}

function fromRow(row: CredentialRow): CredentialRecord {
  return {
    id: row.id,
    type: row.type,
    issuerDid: row.issuer_did,
    subjectDid: row.subject_did,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revocation: { listId: row.revocation_list_id, index: row.revocation_index },
    suspension: { listId: row.suspension_list_id, index: row.suspension_index },
    issuedAt: row.issued_at,
    jws: row.jws,
  };
}
