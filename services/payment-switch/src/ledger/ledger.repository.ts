import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { LedgerAccount, LedgerLimits, LedgerReservation } from './ledger.model';

// Row locks are FOR NO KEY UPDATE, never FOR UPDATE: inserting a reservation or a posting checks its
// foreign keys with FOR KEY SHARE on the accounts it names, which FOR UPDATE would block. Two reserves
// in opposite directions (A pays B while B pays A) would then wait on each other's account: a deadlock.
// No key column is ever updated, so the weaker lock still serialises every balance change.
const LOCK = 'FOR NO KEY UPDATE';

// node-postgres returns bigint columns as strings: they become bigint here and nowhere else, and go
// back as strings (never through a JavaScript number).

interface AccountRow {
  id: string;
  kind: LedgerAccount['kind'];
  participant: string | null;
  currency: string;
  balance: string;
  reserved: string;
  net_debit_cap: string | null;
  per_transfer_limit: string | null;
  daily_limit: string | null;
  daily_used: string;
  daily_date: string | null;
}

interface ReservationRow {
  transfer_id: string;
  payer: string;
  payee: string;
  currency: string;
  payer_account_id: string;
  payee_account_id: string;
  amount: string;
  daily_date: string;
  expires_at: Date;
  state: LedgerReservation['state'];
  reason_code: string | null;
  posting_set_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** A reservation with the accounts it moves money between. */
export interface StoredReservation extends LedgerReservation {
  payerAccountId: string;
  payeeAccountId: string;
  /** The UTC day whose daily usage the reservation counted in. */
  dailyDate: string;
}

/** One leg of a posting set: a signed amount on an account. */
export interface PostingLeg {
  accountId: string;
  amount: bigint;
}

const big = (value: string | null): bigint | null => (value === null ? null : BigInt(value));
const str = (value: bigint | null): string | null => (value === null ? null : value.toString());

const ACCOUNT_COLUMNS = `id, kind, participant, currency::text AS currency, balance, reserved, net_debit_cap,
  per_transfer_limit, daily_limit, daily_used, to_char(daily_date, 'YYYY-MM-DD') AS daily_date`;

const toAccount = (row: AccountRow): LedgerAccount => ({
  id: String(row.id),
  kind: row.kind,
  participant: row.participant,
  currency: row.currency,
  balance: BigInt(row.balance),
  reserved: BigInt(row.reserved),
  netDebitCap: big(row.net_debit_cap),
  perTransferLimit: big(row.per_transfer_limit),
  dailyLimit: big(row.daily_limit),
  dailyUsed: BigInt(row.daily_used),
  dailyDate: row.daily_date,
});

const RESERVATION_SELECT = `SELECT r.transfer_id, payer.participant AS payer, payee.participant AS payee,
    payer.currency::text AS currency, r.payer_account_id, r.payee_account_id, r.amount,
    to_char(r.daily_date, 'YYYY-MM-DD') AS daily_date, r.expires_at, r.state, r.reason_code,
    r.posting_set_id, r.created_at, r.finished_at
  FROM ledger_reservation r
  JOIN ledger_account payer ON payer.id = r.payer_account_id
  JOIN ledger_account payee ON payee.id = r.payee_account_id`;

const toReservation = (row: ReservationRow): StoredReservation => ({
  transferId: row.transfer_id,
  payer: row.payer,
  payee: row.payee,
  currency: row.currency,
  payerAccountId: String(row.payer_account_id),
  payeeAccountId: String(row.payee_account_id),
  amountMinor: BigInt(row.amount),
  dailyDate: row.daily_date,
  expiresAt: row.expires_at,
  state: row.state,
  reasonCode: row.reason_code,
  postingSetId: row.posting_set_id === null ? null : String(row.posting_set_id),
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/** ledger_account, ledger_reservation and the append-only postings in PostgreSQL; every call inside the caller's transaction. */
@Injectable()
export class LedgerRepository {
  /** The participant's settlement account in `currency` (row-locked until the transaction ends when `lock`). */
  async settlementAccount(
    manager: EntityManager,
    participant: string,
    currency: string,
    lock = false,
  ): Promise<LedgerAccount | undefined> {
    const rows = (await manager.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM ledger_account WHERE kind = 'settlement' AND participant = $1 AND currency = $2${lock ? ` ${LOCK}` : ''}`,
      [participant, currency],
    )) as AccountRow[];
    return rows[0] && toAccount(rows[0]);
  }

  /** The central bank's funding account in `currency`, created on first use. */
  async fundingAccount(manager: EntityManager, currency: string, now: Date): Promise<LedgerAccount> {
    await manager.query(
      `INSERT INTO ledger_account (kind, currency, created_at) VALUES ('funding', $1, $2)
       ON CONFLICT (currency) WHERE kind = 'funding' DO NOTHING`,
      [currency, now],
    );
    const rows = (await manager.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM ledger_account WHERE kind = 'funding' AND currency = $1`,
      [currency],
    )) as AccountRow[];
    return toAccount(rows[0] as AccountRow);
  }

  /** Inserts the settlement account unless it exists; true when inserted. */
  async insertSettlementAccount(
    manager: EntityManager,
    participant: string,
    currency: string,
    limits: LedgerLimits,
    now: Date,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ledger_account (kind, participant, currency, net_debit_cap, per_transfer_limit, daily_limit, created_at)
       VALUES ('settlement', $1, $2, $3, $4, $5, $6)
       ON CONFLICT (participant, currency) WHERE kind = 'settlement' DO NOTHING RETURNING id`,
      [
        participant,
        currency,
        str(limits.netDebitCap),
        str(limits.perTransferLimit),
        str(limits.dailyLimit),
        now,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async updateLimits(manager: EntityManager, accountId: string, limits: LedgerLimits): Promise<void> {
    await manager.query(
      `UPDATE ledger_account SET net_debit_cap = $2, per_transfer_limit = $3, daily_limit = $4 WHERE id = $1`,
      [accountId, str(limits.netDebitCap), str(limits.perTransferLimit), str(limits.dailyLimit)],
    );
  }

  /** Locks the accounts in id order (the same order for every transaction: no deadlock between two of them). */
  async lockAccounts(manager: EntityManager, accountIds: string[]): Promise<void> {
    await manager.query(`SELECT id FROM ledger_account WHERE id = ANY($1::bigint[]) ORDER BY id ${LOCK}`, [
      accountIds,
    ]);
  }

  /** Holds `amount` on the account and counts it in `day`'s usage (restarting the count on a new day). */
  async hold(manager: EntityManager, accountId: string, amount: bigint, day: string): Promise<void> {
    await manager.query(
      `UPDATE ledger_account SET reserved = reserved + $2,
         daily_used = CASE WHEN daily_date = $3::date THEN daily_used + $2 ELSE $2 END,
         daily_date = $3::date
       WHERE id = $1`,
      [accountId, amount.toString(), day],
    );
  }

  /** Gives a held amount back; its daily usage too when it still counts in the account's current day. */
  async unhold(manager: EntityManager, accountId: string, amount: bigint, day: string): Promise<void> {
    await manager.query(
      `UPDATE ledger_account SET reserved = reserved - $2,
         daily_used = CASE WHEN daily_date = $3::date THEN greatest(daily_used - $2, 0) ELSE daily_used END
       WHERE id = $1`,
      [accountId, amount.toString(), day],
    );
  }

  /** Moves the cached balance by `delta` and the cached reservation by `-unreserve`. */
  async applyPosting(
    manager: EntityManager,
    accountId: string,
    delta: bigint,
    unreserve = 0n,
  ): Promise<bigint> {
    const rows = (await manager.query(
      `UPDATE ledger_account SET balance = balance + $2, reserved = reserved - $3 WHERE id = $1 RETURNING balance`,
      [accountId, delta.toString(), unreserve.toString()],
    )) as [Array<{ balance: string }>, number];
    return BigInt((rows[0][0] as { balance: string }).balance);
  }

  async reservation(
    manager: EntityManager,
    transferId: string,
    lock = false,
  ): Promise<StoredReservation | undefined> {
    const rows = (await manager.query(
      `${RESERVATION_SELECT} WHERE r.transfer_id = $1${lock ? ` ${LOCK} OF r` : ''}`,
      [transferId],
    )) as ReservationRow[];
    return rows[0] && toReservation(rows[0]);
  }

  /** Inserts the reservation; false when the transfer id is taken (a concurrent reserve won). */
  async insertReservation(
    manager: EntityManager,
    reservation: {
      transferId: string;
      payerAccountId: string;
      payeeAccountId: string;
      amount: bigint;
      dailyDate: string;
      expiresAt: Date;
      createdAt: Date;
    },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ledger_reservation (transfer_id, payer_account_id, payee_account_id, amount, daily_date, expires_at, state, created_at)
       VALUES ($1, $2, $3, $4, $5::date, $6, 'RESERVED', $7)
       ON CONFLICT (transfer_id) DO NOTHING RETURNING transfer_id`,
      [
        reservation.transferId,
        reservation.payerAccountId,
        reservation.payeeAccountId,
        reservation.amount.toString(),
        reservation.dailyDate,
        reservation.expiresAt,
        reservation.createdAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async markCommitted(
    manager: EntityManager,
    transferId: string,
    postingSetId: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE ledger_reservation SET state = 'COMMITTED', posting_set_id = $2, finished_at = $3 WHERE transfer_id = $1`,
      [transferId, postingSetId, at],
    );
  }

  async markReleased(
    manager: EntityManager,
    transferId: string,
    reasonCode: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE ledger_reservation SET state = 'RELEASED', reason_code = $2, finished_at = $3 WHERE transfer_id = $1`,
      [transferId, reasonCode, at],
    );
  }

  /** Transfer ids of open reservations that expired at or before `now`, oldest first. */
  async expiredTransferIds(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT transfer_id FROM ledger_reservation WHERE state = 'RESERVED' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    )) as Array<{ transfer_id: string }>;
    return rows.map((row) => row.transfer_id);
  }

  /** Inserts the posting set header; undefined when (kind, reference) was posted already. */
  async insertPostingSet(
    manager: EntityManager,
    kind: 'transfer' | 'fund' | 'defund',
    reference: string,
    at: Date,
  ): Promise<string | undefined> {
    const rows = (await manager.query(
      `INSERT INTO ledger_posting_set (kind, reference, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (kind, reference) DO NOTHING RETURNING id`,
      [kind, reference, at],
    )) as Array<{ id: string }>;
    return rows[0] && String(rows[0].id);
  }

  /** The posting set (kind, reference) and its legs, when it exists. */
  async postingSet(
    manager: EntityManager,
    kind: 'transfer' | 'fund' | 'defund',
    reference: string,
  ): Promise<{ id: string; legs: PostingLeg[] } | undefined> {
    const rows = (await manager.query(
      `SELECT s.id, p.account_id, p.amount FROM ledger_posting_set s
         LEFT JOIN ledger_posting p ON p.posting_set_id = s.id
        WHERE s.kind = $1 AND s.reference = $2 ORDER BY p.id`,
      [kind, reference],
    )) as Array<{ id: string; account_id: string | null; amount: string | null }>;
    if (rows.length === 0) return undefined;
    return {
      id: String(rows[0]?.id),
      legs: rows
        .filter((row) => row.account_id !== null)
        .map((row) => ({ accountId: String(row.account_id), amount: BigInt(row.amount as string) })),
    };
  }

  async insertPostings(manager: EntityManager, postingSetId: string, legs: PostingLeg[]): Promise<void> {
    await manager.query(
      `INSERT INTO ledger_posting (posting_set_id, account_id, amount)
       SELECT $1, leg.account_id, leg.amount FROM unnest($2::bigint[], $3::bigint[]) AS leg(account_id, amount)`,
      [postingSetId, legs.map((leg) => leg.accountId), legs.map((leg) => leg.amount.toString())],
    );
  }
}
