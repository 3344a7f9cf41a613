import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A registrar job: the request it belongs to and the answer it gives while it lasts. */
export interface RegistrarJob {
  jobId: string;
  requestHash: string;
  state: 'action' | 'finished';
  status: number;
  response: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

interface JobRow {
  job_id: string;
  request_hash: string;
  state: RegistrarJob['state'];
  status: number;
  response: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
}

/** registrar_job in PostgreSQL. */
@Injectable()
export class RegistrarJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(jobId: string): Promise<RegistrarJob | undefined> {
    const rows = (await this.dataSource.query('SELECT * FROM registrar_job WHERE job_id = $1', [
      jobId,
    ])) as JobRow[];
    const row = rows[0];
    return (
      row && {
        jobId: row.job_id,
        requestHash: row.request_hash,
        state: row.state,
        status: row.status,
        response: row.response,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  /** Stores a job's answer: inserts it, or replaces it when the same request's job moves on (action -> finished). */
  async save(job: RegistrarJob, manager: EntityManager | DataSource = this.dataSource): Promise<void> {
    await manager.query(
      `INSERT INTO registrar_job (job_id, request_hash, state, status, response, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (job_id) DO UPDATE SET state = excluded.state, status = excluded.status, response = excluded.response
       WHERE registrar_job.request_hash = excluded.request_hash`,
      [
        job.jobId,
        job.requestHash,
        job.state,
        job.status,
        JSON.stringify(job.response),
        job.createdAt,
        job.expiresAt,
      ],
    );
  }
}
