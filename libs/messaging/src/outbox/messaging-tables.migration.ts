import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the messaging backbone's tables in a service's database: `messaging_outbox` (signed events
 * written in the business transaction, published by the relay) and `messaging_inbox` (events already
 * processed, recorded in the handler's transaction). Each service subclasses it in its own
 * src/migrations under a timestamped name, so the SQL is written once.
 */
export abstract class CreateMessagingTablesMigration implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE messaging_outbox (
         id bigserial PRIMARY KEY,
         topic text NOT NULL,
         record_key bytea,
         value bytea NOT NULL,
         headers jsonb NOT NULL,
         event_type text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         published_at timestamptz
       )`,
    );
    // The relay reads only unpublished rows, in id order.
    await queryRunner.query(
      'CREATE INDEX messaging_outbox_unpublished ON messaging_outbox (id) WHERE published_at IS NULL',
    );
    await queryRunner.query(
      `CREATE TABLE messaging_inbox (
         source text NOT NULL,
         event_id text NOT NULL,
         value_sha256 bytea NOT NULL,
         topic text NOT NULL,
         event_type text NOT NULL,
         processed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (source, event_id)
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE messaging_inbox');
    await queryRunner.query('DROP TABLE messaging_outbox');
  }
}
