import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { formatMinor, minorUnitsOf, positiveMinor } from './ledger-amount.util';
import { LedgerException } from './ledger.exception';
import {
  availableOf,
  type FundingResult,
  type LedgerAccount,
  type LedgerLimits,
  type LedgerReservation,
  type ReserveRequest,
} from './ledger.model';
import { LedgerRepository, type PostingLeg, type StoredReservation } from './ledger.repository';
import { SandboxClock } from './sandbox.clock';

/** ISO 20022 AB03 AbortedSettlementTimeout: the reason an expired reservation is released with. */
export const EXPIRY_REASON_CODE = 'AB03';
const REASON_CODE = /^[A-Z0-9]{4}$/;
const TRANSFER_ID_MAX = 128;
const SWEEP_BATCH = 500;

const NO_LIMITS: LedgerLimits = { netDebitCap: null, perTransferLimit: null, dailyLimit: null };

const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** A reservation as callers see it: without the account ids and usage day the ledger keeps for itself. */
const publicReservation = ({
  payerAccountId: _payerAccountId,
  payeeAccountId: _payeeAccountId,
  dailyDate: _dailyDate,
  ...reservation
}: StoredReservation): LedgerReservation => reservation;

/**
 * The switch's ledger: liquidity positions and double-entry postings. Two-phase like Mojaloop: reserve
 * holds the payer's funds (limits and liquidity checked under the payer account's row lock, so one
 * account's changes are serialised and accounts never block each other), commit posts one balanced set,
 * release gives the funds back. Every method takes an optional EntityManager: the transfer flow runs it
 * inside its own transaction (with its inbox and outbox rows) under a savepoint, so a refusal leaves
 * the caller's transaction usable and an effect happens exactly once.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly clock: SandboxClock,
  ) {}

  /** Opens the participant's settlement account in `currency` (idempotent: an existing account is returned as it is). */
  async openAccount(
    participant: string,
    currency: string,
    limits: Partial<LedgerLimits> = {},
    manager?: EntityManager,
  ): Promise<LedgerAccount> {
    minorUnitsOf(currency);
    const checked = checkLimits({ ...NO_LIMITS, ...limits });
    return this.inTransaction(manager, async (m) => {
      await this.ledger.insertSettlementAccount(m, participant, currency, checked, this.clock.now());
      return (await this.ledger.settlementAccount(m, participant, currency)) as LedgerAccount;
    });
  }

  /** Replaces the participant's limits in `currency`; a net debit cap the current position already exceeds is refused. */
  async setLimits(
    participant: string,
    currency: string,
    limits: LedgerLimits,
    manager?: EntityManager,
  ): Promise<LedgerAccount> {
    const checked = checkLimits(limits);
    return this.inTransaction(manager, async (m) => {
      const account = await this.requireAccount(m, participant, currency, 'ACCOUNT_NOT_FOUND');
      const updated = { ...account, ...checked };
      if (availableOf(updated) < 0n)
        throw new LedgerException(
          'LIMIT_BELOW_POSITION',
          `${participant} already uses ${formatMinor(account.reserved - account.balance, currency)} below zero: a net debit cap under that would overdraw it`,
        );
      await this.ledger.updateLimits(m, account.id, checked);
      return updated;
    });
  }

  /** The participant's settlement account, or undefined. */
  async account(
    participant: string,
    currency: string,
    manager?: EntityManager,
  ): Promise<LedgerAccount | undefined> {
    return this.ledger.settlementAccount(manager ?? this.dataSource.manager, participant, currency);
  }

  /** The reservation of a transfer, or undefined. */
  async reservation(transferId: string, manager?: EntityManager): Promise<LedgerReservation | undefined> {
    const stored = await this.ledger.reservation(manager ?? this.dataSource.manager, transferId);
    return stored && publicReservation(stored);
  }

  /**
   * Holds the amount on the payer's position. Refusals: AC02/AC03 unknown payer/payee account, AM02
   * per-transfer or daily limit, AM04 insufficient liquidity, AM05 the same transfer id with other
   * content. The same request again returns the existing reservation (a redelivered pacs.008).
   */
  async reserve(request: ReserveRequest, manager?: EntityManager): Promise<LedgerReservation> {
    const amount = positiveMinor(request.amountMinor);
    minorUnitsOf(request.currency);
    if (request.transferId.length === 0 || request.transferId.length > TRANSFER_ID_MAX)
      throw new LedgerException('INVALID_TRANSFER', `a transfer id has 1 to ${TRANSFER_ID_MAX} characters`);
    if (request.payer === request.payee)
      throw new LedgerException('INVALID_TRANSFER', 'payer and payee are the same participant');
    return this.inTransaction(manager, async (m) => {
      const payer = await this.requireAccount(
        m,
        request.payer,
        request.currency,
        'PAYER_ACCOUNT_NOT_FOUND',
        true,
      );
      const existing = await this.ledger.reservation(m, request.transferId);
      if (existing) return this.sameReservation(existing, request, amount);
      const payee = await this.requireAccount(m, request.payee, request.currency, 'PAYEE_ACCOUNT_NOT_FOUND');
      const now = this.clock.now();
      const today = utcDay(now);
      if (request.expiresAt.getTime() <= now.getTime())
        throw new LedgerException(
          'INVALID_TRANSFER',
          `transfer ${request.transferId} expired before it was reserved`,
        );
      if (payer.perTransferLimit !== null && amount > payer.perTransferLimit)
        throw new LedgerException(
          'PER_TRANSFER_LIMIT_EXCEEDED',
          `${formatMinor(amount, request.currency)} is above ${request.payer}'s per-transfer limit of ${formatMinor(payer.perTransferLimit, request.currency)}`,
          { limit: 'perTransfer' },
        );
      const usedToday = payer.dailyDate === today ? payer.dailyUsed : 0n;
      if (payer.dailyLimit !== null && usedToday + amount > payer.dailyLimit)
        throw new LedgerException(
          'DAILY_LIMIT_EXCEEDED',
          `${formatMinor(amount, request.currency)} would take ${request.payer} above its daily limit of ${formatMinor(payer.dailyLimit, request.currency)} (${formatMinor(usedToday, request.currency)} used on ${today})`,
          { limit: 'daily' },
        );
      if (availableOf(payer) < amount)
        throw new LedgerException(
          'INSUFFICIENT_LIQUIDITY',
          `${request.payer} has ${formatMinor(availableOf(payer), request.currency)} available, ${formatMinor(amount, request.currency)} asked`,
        );
      // The reservation row first: if a concurrent reserve of the same id for another payer won, nothing
      // has moved yet when this one is refused.
      const inserted = await this.ledger.insertReservation(m, {
        transferId: request.transferId,
        payerAccountId: payer.id,
        payeeAccountId: payee.id,
        amount,
        dailyDate: today,
        expiresAt: request.expiresAt,
        createdAt: now,
      });
      if (!inserted)
        throw new LedgerException(
          'DUPLICATE_TRANSFER',
          `transfer ${request.transferId} exists with other content`,
        );
      await this.ledger.hold(m, payer.id, amount, today);
      return this.current(m, request.transferId);
    });
  }

  /**
   * Posts the transfer (debit payer, credit payee, one balanced set) and ends its reservation. A
   * transfer committed already answers as before without posting again (redelivery); a released one
   * is refused (TRANSFER_RELEASED, with the reason it was released for), and so is one past its
   * expiry (TRANSFER_EXPIRED, AB03).
   */
  async commit(transferId: string, manager?: EntityManager): Promise<LedgerReservation> {
    return this.inTransaction(manager, async (m) => {
      const reservation = await this.requireReservation(m, transferId);
      if (reservation.state === 'COMMITTED') return publicReservation(reservation);
      if (reservation.state === 'RELEASED')
        throw new LedgerException(
          'TRANSFER_RELEASED',
          `transfer ${transferId} was released (${reservation.reasonCode ?? ''}) and cannot be committed`,
          { reasonCode: reservation.reasonCode },
        );
      const now = this.clock.now();
      // A late acceptance must not move money the payer was told is free again: past its expiry the
      // transfer can only be released (the sweeper does so with AB03), even before the sweep ran.
      if (reservation.expiresAt.getTime() <= now.getTime())
        throw new LedgerException(
          'TRANSFER_EXPIRED',
          `transfer ${transferId} expired at ${reservation.expiresAt.toISOString()} and cannot be committed`,
        );
      await this.ledger.lockAccounts(m, [reservation.payerAccountId, reservation.payeeAccountId]);
      const postingSetId = await this.post(m, 'transfer', transferId, now, [
        { accountId: reservation.payerAccountId, amount: -reservation.amountMinor },
        { accountId: reservation.payeeAccountId, amount: reservation.amountMinor },
      ]);
      await this.ledger.applyPosting(
        m,
        reservation.payerAccountId,
        -reservation.amountMinor,
        reservation.amountMinor,
      );
      await this.ledger.applyPosting(m, reservation.payeeAccountId, reservation.amountMinor);
      await this.ledger.markCommitted(m, transferId, postingSetId, now);
      return this.current(m, transferId);
    });
  }

  /**
   * Aborts the transfer: its funds and daily usage go back to the payer. Idempotent (a released one
   * answers as before, with its first reason); a committed one is refused (TRANSFER_COMMITTED).
   */
  async release(transferId: string, reasonCode: string, manager?: EntityManager): Promise<LedgerReservation> {
    if (!REASON_CODE.test(reasonCode))
      throw new LedgerException(
        'INVALID_TRANSFER',
        'a release reason is a 4-character ISO 20022 reason code',
      );
    return this.inTransaction(manager, async (m) => {
      const reservation = await this.requireReservation(m, transferId);
      if (reservation.state === 'RELEASED') return publicReservation(reservation);
      if (reservation.state === 'COMMITTED')
        throw new LedgerException(
          'TRANSFER_COMMITTED',
          `transfer ${transferId} is committed and cannot be released`,
        );
      await this.ledger.unhold(m, reservation.payerAccountId, reservation.amountMinor, reservation.dailyDate);
      await this.ledger.markReleased(m, transferId, reasonCode, this.clock.now());
      return this.current(m, transferId);
    });
  }

  /** Releases every reservation expired at `now` (AB03), each in its own transaction; the transfer ids released. */
  async releaseExpired(now: Date = this.clock.now()): Promise<string[]> {
    const released: string[] = [];
    for (;;) {
      const due = await this.ledger.expiredTransferIds(this.dataSource.manager, now, SWEEP_BATCH);
      for (const transferId of due) {
        // A commit or release racing the sweeper wins or loses under the reservation's row lock; either way the sweep goes on.
        const outcome = await this.release(transferId, EXPIRY_REASON_CODE).catch((error: unknown) => {
          if (error instanceof LedgerException && error.code === 'TRANSFER_COMMITTED') return undefined;
          throw error;
        });
        if (outcome?.state === 'RELEASED') released.push(transferId);
      }
      if (due.length < SWEEP_BATCH) return released;
    }
  }

  /** Central bank money in: debits the funding account, credits the participant (idempotent per reference). */
  async fund(
    participant: string,
    currency: string,
    amountMinor: bigint | string,
    reference: string,
    manager?: EntityManager,
  ): Promise<FundingResult> {
    return this.moveFunding('fund', participant, currency, positiveMinor(amountMinor), reference, manager);
  }

  /** Money back to the central bank; never below what is reserved (AM04). Idempotent per reference. */
  async defund(
    participant: string,
    currency: string,
    amountMinor: bigint | string,
    reference: string,
    manager?: EntityManager,
  ): Promise<FundingResult> {
    return this.moveFunding('defund', participant, currency, positiveMinor(amountMinor), reference, manager);
  }

  private async moveFunding(
    kind: 'fund' | 'defund',
    participant: string,
    currency: string,
    amount: bigint,
    reference: string,
    manager?: EntityManager,
  ): Promise<FundingResult> {
    if (reference.length === 0 || reference.length > TRANSFER_ID_MAX)
      throw new LedgerException('INVALID_TRANSFER', `a reference has 1 to ${TRANSFER_ID_MAX} characters`);
    return this.inTransaction(manager, async (m) => {
      const account = await this.requireAccount(m, participant, currency, 'ACCOUNT_NOT_FOUND', true);
      const now = this.clock.now();
      const funding = await this.ledger.fundingAccount(m, currency, now);
      const delta = kind === 'fund' ? amount : -amount;
      const legs: PostingLeg[] = [
        { accountId: funding.id, amount: -delta },
        { accountId: account.id, amount: delta },
      ];
      const existing = await this.ledger.postingSet(m, kind, reference);
      if (existing) {
        if (!sameLegs(existing.legs, legs))
          throw new LedgerException(
            'DUPLICATE_REFERENCE',
            `${kind} ${reference} was posted with other content`,
          );
        return {
          postingSetId: existing.id,
          participant,
          currency,
          amountMinor: amount,
          balance: account.balance,
        };
      }
      if (kind === 'defund' && account.balance - amount < account.reserved)
        throw new LedgerException(
          'INSUFFICIENT_LIQUIDITY',
          `${participant} holds ${formatMinor(account.balance, currency)} of which ${formatMinor(account.reserved, currency)} reserved: ${formatMinor(amount, currency)} cannot be defunded`,
        );
      await this.ledger.lockAccounts(m, [funding.id]);
      const postingSetId = await this.post(m, kind, reference, now, legs);
      await this.ledger.applyPosting(m, funding.id, -delta);
      const balance = await this.ledger.applyPosting(m, account.id, delta);
      return { postingSetId, participant, currency, amountMinor: amount, balance };
    });
  }

  /** Writes one balanced posting set; the database checks the balance again at COMMIT (deferred trigger). */
  private async post(
    m: EntityManager,
    kind: 'transfer' | 'fund' | 'defund',
    reference: string,
    at: Date,
    legs: PostingLeg[],
  ): Promise<string> {
    if (legs.reduce((sum, leg) => sum + leg.amount, 0n) !== 0n)
      throw new Error(`unbalanced ${kind} posting set for ${reference}`);
    const postingSetId = await this.ledger.insertPostingSet(m, kind, reference, at);
    if (postingSetId === undefined) {
      // A transfer's reservation lock and a participant's account lock serialise equal requests, so
      // the reference was taken meanwhile by a different one (another participant's fund, same reference).
      throw new LedgerException('DUPLICATE_REFERENCE', `${kind} ${reference} was posted with other content`);
    }
    await this.ledger.insertPostings(m, postingSetId, legs);
    return postingSetId;
  }

  // The content is who pays whom how much; the expiry is the switch's own (computed on receipt), so a
  // redelivery keeps the first reservation's expiry rather than counting as a modified duplicate.
  private sameReservation(
    existing: StoredReservation,
    request: ReserveRequest,
    amount: bigint,
  ): LedgerReservation {
    const same =
      existing.payer === request.payer &&
      existing.payee === request.payee &&
      existing.currency === request.currency &&
      existing.amountMinor === amount;
    if (!same)
      throw new LedgerException(
        'DUPLICATE_TRANSFER',
        `transfer ${request.transferId} exists with other content`,
      );
    return publicReservation(existing);
  }

  private async requireAccount(
    m: EntityManager,
    participant: string,
    currency: string,
    code: 'ACCOUNT_NOT_FOUND' | 'PAYER_ACCOUNT_NOT_FOUND' | 'PAYEE_ACCOUNT_NOT_FOUND',
    lock = false,
  ): Promise<LedgerAccount> {
    minorUnitsOf(currency);
    const account = await this.ledger.settlementAccount(m, participant, currency, lock);
    if (!account) throw new LedgerException(code, `${participant} has no ${currency} settlement account`);
    return account;
  }

  /** The reservation as it stands after this transaction's change. */
  private async current(m: EntityManager, transferId: string): Promise<LedgerReservation> {
    return publicReservation((await this.ledger.reservation(m, transferId)) as StoredReservation);
  }

  private async requireReservation(m: EntityManager, transferId: string): Promise<StoredReservation> {
    const reservation = await this.ledger.reservation(m, transferId, true);
    if (!reservation)
      throw new LedgerException('RESERVATION_NOT_FOUND', `transfer ${transferId} was never reserved`);
    return reservation;
  }

  private inTransaction<T>(
    manager: EntityManager | undefined,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    // Inside a caller's transaction this is a savepoint (TypeORM nests them).
    return manager ? manager.transaction(work) : this.dataSource.transaction(work);
  }
}

function checkLimits(limits: LedgerLimits): LedgerLimits {
  for (const [name, value] of Object.entries(limits) as Array<[string, bigint | null]>) {
    if (value === null) continue;
    if (typeof value !== 'bigint' || value < 0n || (name !== 'netDebitCap' && value === 0n))
      throw new LedgerException('INVALID_LIMIT', `${name} must be null or a positive number of minor units`);
  }
  return {
    netDebitCap: limits.netDebitCap,
    perTransferLimit: limits.perTransferLimit,
    dailyLimit: limits.dailyLimit,
  };
}

function sameLegs(left: PostingLeg[], right: PostingLeg[]): boolean {
  const key = (legs: PostingLeg[]) =>
    legs
      .map((leg) => `${leg.accountId}:${leg.amount}`)
      .sort()
      .join(',');
  return key(left) === key(right);
}
