import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verifiable credentials: the Bitstring Status Lists (one row per list, its bits in place so a status
 * change is one atomic set_bit), the credentials issued (never their private keys) with their two status
 * entries, unique per list so no index is ever handed out twice, and the demo city's actors.
 */
export class CreateCredentials1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE status_list (
        id text PRIMARY KEY,
        issuer_did text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        length integer NOT NULL CHECK (length >= 131072 AND length % 8 = 0),
        bits bytea NOT NULL,
        permutation_key bytea NOT NULL CHECK (octet_length(permutation_key) = 32),
        allocated integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (octet_length(bits) * 8 = length),
        CHECK (allocated >= 0 AND allocated <= length)
      )`);
    await queryRunner.query(
      'CREATE INDEX status_list_open ON status_list (issuer_did, purpose, created_at) WHERE allocated < length',
    );
    await queryRunner.query(`
      CREATE TABLE credential (
        id text PRIMARY KEY,
        type text NOT NULL,
        issuer_did text NOT NULL,
        subject_did text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        revocation_list_id text NOT NULL REFERENCES status_list (id),
        revocation_index integer NOT NULL,
        suspension_list_id text NOT NULL REFERENCES status_list (id),
        suspension_index integer NOT NULL,
        issued_at timestamptz NOT NULL,
        jws text NOT NULL,
        UNIQUE (revocation_list_id, revocation_index),
        UNIQUE (suspension_list_id, suspension_index),
        CHECK (valid_until > valid_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE demo_city_actor (
        did text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL,
        credential_id text NOT NULL REFERENCES credential (id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE demo_city_actor');
    await queryRunner.query('DROP TABLE credential');
    await queryRunner.query('DROP TABLE status_list');
  }
}
