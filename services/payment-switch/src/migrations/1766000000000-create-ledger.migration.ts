import type { MigrationInterface, QueryRunner } from 'typeorm';

import { makeAppendOnly } from '@dpi/service-kit';

/**
 * The switch's double-entry ledger. Money is integer minor units in bigint (never floats). Accounts
 * cache their balance and reservations for the hot path (one row lock per payer); postings are the
 * truth: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and every posting set must sum to
 * zero in one currency, checked by a deferred constraint trigger at COMMIT, so no code path can leave
 * an unbalanced set behind. UNIQUE (kind, reference) makes a transfer post at most once.
 */
export class CreateLedger1766000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_account (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('settlement', 'funding')),
        participant text,
        currency char(3) NOT NULL,
        balance bigint NOT NULL DEFAULT 0,
        reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        net_debit_cap bigint CHECK (net_debit_cap >= 0),
        per_transfer_limit bigint CHECK (per_transfer_limit > 0),
        daily_limit bigint CHECK (daily_limit > 0),
        daily_used bigint NOT NULL DEFAULT 0 CHECK (daily_used >= 0),
        daily_date date,
        created_at timestamptz NOT NULL,
        CHECK ((kind = 'settlement') = (participant IS NOT NULL))
      )`);
    // One settlement account per participant and currency; one funding (central bank) account per currency.
    await queryRunner.query(
      `CREATE UNIQUE INDEX ledger_account_settlement_key ON ledger_account (participant, currency) WHERE kind = 'settlement'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX ledger_account_funding_key ON ledger_account (currency) WHERE kind = 'funding'`,
    );
    await queryRunner.query(`
      CREATE TABLE ledger_posting_set (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('transfer', 'fund', 'defund')),
        reference text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (kind, reference)
      )`);
    await queryRunner.query(`
      CREATE TABLE ledger_posting (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        posting_set_id bigint NOT NULL REFERENCES ledger_posting_set (id),
        account_id bigint NOT NULL REFERENCES ledger_account (id),
        amount bigint NOT NULL CHECK (amount <> 0)
      )`);
    await queryRunner.query('CREATE INDEX ledger_posting_set_idx ON ledger_posting (posting_set_id)');
    await queryRunner.query('CREATE INDEX ledger_posting_account_idx ON ledger_posting (account_id)');
    await queryRunner.query(`
      CREATE TABLE ledger_reservation (
        transfer_id text PRIMARY KEY,
        payer_account_id bigint NOT NULL REFERENCES ledger_account (id),
        payee_account_id bigint NOT NULL REFERENCES ledger_account (id),
        amount bigint NOT NULL CHECK (amount > 0),
        daily_date date NOT NULL,
        expires_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('RESERVED', 'COMMITTED', 'RELEASED')),
        reason_code text,
        posting_set_id bigint REFERENCES ledger_posting_set (id),
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        CHECK ((state = 'COMMITTED') = (posting_set_id IS NOT NULL)),
        CHECK ((state = 'RELEASED') = (reason_code IS NOT NULL))
      )`);
    // The expiry sweeper's scan: only open reservations, by expiry.
    await queryRunner.query(
      `CREATE INDEX ledger_reservation_open_idx ON ledger_reservation (expires_at) WHERE state = 'RESERVED'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await makeAppendOnly(queryRunner, ['ledger_posting', 'ledger_posting_set'], 'ledger_refuse_change');
    // Checked at COMMIT (deferred), once every posting of the set is in: at least two postings, one
    // currency, sum zero.
    await queryRunner.query(`
      CREATE FUNCTION ledger_check_posting_set() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
        postings integer;
        currencies integer;
      BEGIN
        SELECT coalesce(sum(p.amount), 0), count(*), count(DISTINCT a.currency)
          INTO total, postings, currencies
          FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
         WHERE p.posting_set_id = NEW.posting_set_id;
        IF total <> 0 OR postings < 2 OR currencies <> 1 THEN
          RAISE EXCEPTION 'posting set % is unbalanced: sum %, % posting(s), % currencies',
            NEW.posting_set_id, total, postings, currencies USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER ledger_posting_set_balanced AFTER INSERT ON ledger_posting
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_posting_set()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger_reservation');
    await queryRunner.query('DROP TABLE ledger_posting');
    await queryRunner.query('DROP TABLE ledger_posting_set');
    await queryRunner.query('DROP TABLE ledger_account');
    await queryRunner.query('DROP FUNCTION ledger_check_posting_set()');
    await queryRunner.query('DROP FUNCTION ledger_refuse_change()');
  }
}
