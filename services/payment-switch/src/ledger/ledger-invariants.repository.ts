import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { InvariantCheck } from './ledger.model';

// How many offending rows a check names; the count is always given.
const EXAMPLES = 5;

interface Offender {
  what: string;
}

/** One invariant: a query that returns its offending rows (none when it holds), described for people. */
interface InvariantQuery {
  name: string;
  sql: string;
  /** What was checked when the query returns nothing. */
  holdsDetail: string;
  params?: (now: Date, graceMs: number) => unknown[];
}

// Each query answers the offenders as one text column `what`, naming accounts, participants (PSP ids,
// no personal data) and sums in minor units.
const INVARIANTS: readonly InvariantQuery[] = [
  {
    name: 'balances-sum-to-zero',
    holdsDetail: 'per currency, the balances of all accounts (funding included) sum to zero',
    sql: `SELECT currency || ' sums to ' || sum(balance) AS what FROM ledger_account GROUP BY currency HAVING sum(balance) <> 0 ORDER BY currency`,
  },
  {
    name: 'balances-match-postings',
    holdsDetail: "every account's cached balance equals the sum of its postings",
    sql: `SELECT 'account ' || a.id || ' (' || coalesce(a.participant, 'funding') || ' ' || a.currency || ') caches ' || a.balance || ', its postings sum to ' || coalesce(p.total, 0) AS what
            FROM ledger_account a
            LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_posting GROUP BY account_id) p ON p.account_id = a.id
           WHERE a.balance <> coalesce(p.total, 0) ORDER BY a.id`,
  },
  {
    name: 'reserved-matches-reservations',
    holdsDetail: "every account's cached reserved amount equals the sum of its open reservations",
    sql: `SELECT 'account ' || a.id || ' (' || coalesce(a.participant, 'funding') || ' ' || a.currency || ') caches ' || a.reserved || ' reserved, its open reservations sum to ' || coalesce(r.total, 0) AS what
            FROM ledger_account a
            LEFT JOIN (SELECT payer_account_id, sum(amount) AS total FROM ledger_reservation WHERE state = 'RESERVED' GROUP BY payer_account_id) r
              ON r.payer_account_id = a.id
           WHERE a.reserved <> coalesce(r.total, 0) ORDER BY a.id`,
  },
  {
    name: 'positions-within-liquidity',
    holdsDetail: 'no settlement account has reserved or spent beyond its balance plus net debit cap',
    sql: `SELECT 'account ' || id || ' (' || participant || ' ' || currency || '): balance ' || balance || ', reserved ' || reserved || ', net debit cap ' || coalesce(net_debit_cap, 0) AS what
            FROM ledger_account WHERE kind = 'settlement' AND balance - reserved + coalesce(net_debit_cap, 0) < 0 ORDER BY id`,
  },
  {
    name: 'no-overdue-reservation',
    holdsDetail: 'no reservation is still open past its expiry (beyond the grace of the expiry sweeper)',
    params: (now, graceMs) => [new Date(now.getTime() - graceMs)],
    sql: `SELECT 'transfer ' || transfer_id || ' reserved until ' || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS what
            FROM ledger_reservation WHERE state = 'RESERVED' AND expires_at < $1 ORDER BY expires_at`,
  },
  {
    name: 'posting-sets-balanced',
    holdsDetail: 'every posting set has at least two postings in one currency summing to zero',
    sql: `SELECT s.kind || ' ' || s.reference || ': sum ' || coalesce(sum(p.amount), 0) || ', ' || count(p.id) || ' posting(s), ' || count(DISTINCT a.currency) || ' currencies' AS what
            FROM ledger_posting_set s
            LEFT JOIN ledger_posting p ON p.posting_set_id = s.id
            LEFT JOIN ledger_account a ON a.id = p.account_id
           GROUP BY s.id HAVING coalesce(sum(p.amount), 0) <> 0 OR count(p.id) < 2 OR count(DISTINCT a.currency) <> 1 ORDER BY s.id`,
  },
  {
    name: 'committed-transfers-posted-once',
    holdsDetail:
      'every committed transfer has exactly one transfer posting set, and every transfer posting set a committed transfer',
    sql: `SELECT 'transfer ' || coalesce(r.transfer_id, s.reference) || ': ' ||
                 CASE WHEN r.transfer_id IS NULL THEN 'posted but not committed'
                      WHEN s.id IS NULL THEN 'committed but never posted'
                      ELSE 'posted by set ' || s.id || ' but committed with set ' || coalesce(r.posting_set_id::text, 'none') END AS what
            FROM (SELECT * FROM ledger_reservation WHERE state = 'COMMITTED') r
            FULL JOIN (SELECT * FROM ledger_posting_set WHERE kind = 'transfer') s ON s.reference = r.transfer_id
           WHERE r.transfer_id IS NULL OR s.id IS NULL OR r.posting_set_id IS DISTINCT FROM s.id`,
  },
];

/** The ledger's invariants, each as one read-only query. */
@Injectable()
export class LedgerInvariantsRepository {
  /** Runs every check inside `manager`'s transaction (one snapshot, so checks see the same ledger). */
  async check(manager: EntityManager, now: Date, graceMs: number): Promise<InvariantCheck[]> {
    const checks: InvariantCheck[] = [];
    for (const invariant of INVARIANTS) {
      const offenders = (await manager.query(
        invariant.sql,
        invariant.params?.(now, graceMs) ?? [],
      )) as Offender[];
      checks.push({
        name: invariant.name,
        holds: offenders.length === 0,
        detail:
          offenders.length === 0
            ? invariant.holdsDetail
            : `${offenders.length} violation(s): ${offenders
                .slice(0, EXAMPLES)
                .map((offender) => offender.what)
                .join('; ')}${offenders.length > EXAMPLES ? '; ...' : ''}`,
      });
    }
    return checks;
  }
}
