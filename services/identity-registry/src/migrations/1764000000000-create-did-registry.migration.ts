import type { MigrationInterface, QueryRunner } from 'typeorm';

import { makeAppendOnly } from '@dpi/service-kit';

/**
 * The DID registry: every version of every DID, hash-chained and append-only (a trigger refuses UPDATE,
 * DELETE and TRUNCATE, so the application cannot rewrite history); the DID events written in the same
 * transaction as each version (for the Kafka relay); and the registrar's pending signing jobs.
 */
export class CreateDidRegistry1764000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TABLE did_version (
        did text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        operation text NOT NULL CHECK (operation IN ('create', 'update', 'deactivate')),
        document text,
        version_time timestamptz NOT NULL,
        proof text NOT NULL,
        content_hash text NOT NULL,
        previous_hash text,
        entry_hash text NOT NULL,
        PRIMARY KEY (did, version),
        CHECK ((operation = 'create') = (version = 1)),
        CHECK ((previous_hash IS NULL) = (version = 1)),
        CHECK ((document IS NULL) = (operation = 'deactivate'))
      )`);
    await queryRunner.query(`
      CREATE TABLE did_event (
        sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('created', 'updated', 'deactivated')),
        did text NOT NULL,
        version_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (did, version_id)
      )`);
    await makeAppendOnly(queryRunner, ['did_version', 'did_event'], 'refuse_history_change');
    await queryRunner.query(`
      CREATE TABLE registrar_job (
        job_id text PRIMARY KEY,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('action', 'finished')),
        status integer NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE registrar_job');
    await queryRunner.query('DROP TABLE did_event');
    await queryRunner.query('DROP TABLE did_version');
    await queryRunner.query('DROP FUNCTION refuse_history_change()');
  }
}
