// The ledger's domain types. Amounts are bigint minor units of the account's ISO 4217 currency: a
// float cannot hold 0.10 exactly and a position must add up to the cent after millions of postings.

/** A participant's liquidity limits in one currency; null means "none" (no cap: prefunded only). */
export interface LedgerLimits {
  /** How far below zero the balance may go (Mojaloop's net debit cap); null = 0, prefunded only. */
  netDebitCap: bigint | null;
  /** The largest single transfer (InstaPay-style). */
  perTransferLimit: bigint | null;
  /** The most the participant may send per UTC day (reserved, committed or not yet released). */
  dailyLimit: bigint | null;
}

/** A settlement account (one per participant and currency) or the central bank's funding account. */
export interface LedgerAccount extends LedgerLimits {
  id: string;
  kind: 'settlement' | 'funding';
  /** The participant id (null for the funding account). */
  participant: string | null;
  currency: string;
  balance: bigint;
  reserved: bigint;
  dailyUsed: bigint;
  /** The UTC day dailyUsed counts (YYYY-MM-DD), null before the first reservation. */
  dailyDate: string | null;
}

/** What may still be reserved: balance - reserved + (net debit cap ?? 0). */
export function availableOf(account: Pick<LedgerAccount, 'balance' | 'reserved' | 'netDebitCap'>): bigint {
  return account.balance - account.reserved + (account.netDebitCap ?? 0n);
}

export type ReservationState = 'RESERVED' | 'COMMITTED' | 'RELEASED';

/** Funds held for one transfer between the reserve and the commit (or release). */
export interface LedgerReservation {
  transferId: string;
  payer: string;
  payee: string;
  currency: string;
  amountMinor: bigint;
  expiresAt: Date;
  state: ReservationState;
  /** The ISO 20022 reason a RELEASED reservation was released with. */
  reasonCode: string | null;
  /** The transfer's posting set once COMMITTED. */
  postingSetId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What the transfer flow asks to hold. */
export interface ReserveRequest {
  transferId: string;
  payer: string;
  payee: string;
  currency: string;
  amountMinor: bigint;
  expiresAt: Date;
}

/** A posted (or already posted) fund or defund. */
export interface FundingResult {
  postingSetId: string;
  participant: string;
  currency: string;
  amountMinor: bigint;
  /** The participant's balance after the posting (now, when the reference was posted before). */
  balance: bigint;
}

/** One invariant of GET /ledger/invariants. */
export interface InvariantCheck {
  name: string;
  holds: boolean;
  detail: string;
}

/** The invariants report. */
export interface InvariantReport {
  holds: boolean;
  checkedAt: string;
  checks: InvariantCheck[];
}
