import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `service_metadata(key, value, updated_at)`, the first table of every service's database, and
 * records which service owns the database (checked at each start, see database-owner.check.ts).
 * Each service subclasses it in its own src/migrations under its own timestamped name, so the table is
 * part of that service's migration history while its SQL is written once.
 */
export abstract class CreateServiceMetadataMigration implements MigrationInterface {
  /** The service that owns the database. */
  protected abstract readonly service: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE service_metadata (
         key text PRIMARY KEY,
         value text NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `INSERT INTO service_metadata (key, value, updated_at) VALUES ('service', $1, now())`,
      [this.service],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE service_metadata');
  }
}
