import { DataSource } from 'typeorm';

import { newParticipant, race, refusal, startSwitch, type SwitchUnderTest } from './ledger.test-harness';

const MINUTE = 60_000;
// Racers in flight at once: over the service's 10 pooled connections, so all of them contend.
const IN_FLIGHT = 40;
const DAY = 24 * 60 * MINUTE;

describe('ledger (real PostgreSQL)', () => {
  let sut: SwitchUnderTest;
  let seq = 0;
  const transferId = () => `t-${Date.now()}-${++seq}`;
  const expiresAt = () => new Date(sut.clock.now().getTime() + 5 * MINUTE);
  /** A fresh EUR transfer from payer to payee, expiring in five minutes. */
  const reserveEur = (payer: string, payee: string, amountMinor: bigint) =>
    sut.ledger.reserve({
      transferId: transferId(),
      payer,
      payee,
      currency: 'EUR',
      amountMinor,
      expiresAt: expiresAt(),
    });

  /** Two participants with EUR accounts; the payer funded with `funds` minor units. */
  async function pair(funds = 0n, limits = {}) {
    const payer = newParticipant();
    const payee = newParticipant();
    await sut.ledger.openAccount(payer, 'EUR', limits);
    await sut.ledger.openAccount(payee, 'EUR');
    if (funds > 0n) await sut.ledger.fund(payer, 'EUR', funds, `fund-${payer}`);
    return { payer, payee };
  }

  beforeAll(async () => {
    sut = await startSwitch();
  });

  afterAll(async () => {
    await sut?.close();
  });

  describe('concurrency: reserves racing on one payer account', () => {
    const RACERS = 250;

    it(`${RACERS} concurrent reserves never take a prefunded position below zero; exactly the funded number pass`, async () => {
      const { payer, payee } = await pair(10_000n);
      const outcomes = await race(RACERS, IN_FLIGHT, () => reserveEur(payer, payee, 100n));
      const accepted = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
      const refused = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as { code: string; reasonCode: string }] : [],
      );
      expect(accepted).toBe(100);
      expect(new Set(refused.map((error) => `${error.code} ${error.reasonCode}`))).toEqual(
        new Set(['INSUFFICIENT_LIQUIDITY AM04']),
      );
      const account = await sut.ledger.account(payer, 'EUR');
      expect(account).toMatchObject({ balance: 10_000n, reserved: 10_000n });
      expect((await sut.invariants()).holds).toBe(true);
    });

    it(`${RACERS} concurrent reserves with a net debit cap stop exactly at -cap`, async () => {
      const { payer, payee } = await pair(5_000n, { netDebitCap: 7_000n });
      const outcomes = await race(RACERS, IN_FLIGHT, () => reserveEur(payer, payee, 100n));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(120);
      const account = await sut.ledger.account(payer, 'EUR');
      expect(account?.balance).toBe(5_000n);
      expect(account?.reserved).toBe(12_000n);
      // Commit them all: the balance lands exactly on -NDC, never beyond.
      const open = await sut.sql<{ transfer_id: string }>(
        `SELECT r.transfer_id FROM ledger_reservation r JOIN ledger_account a ON a.id = r.payer_account_id WHERE a.participant = $1`,
        [payer],
      );
      const commits = await race(open.length, IN_FLIGHT, (index) =>
        sut.ledger.commit((open[index] as { transfer_id: string }).transfer_id),
      );
      expect(commits.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: -7_000n, reserved: 0n });
      expect(await sut.ledger.account(payee, 'EUR')).toMatchObject({ balance: 12_000n, reserved: 0n });
      expect((await sut.invariants()).holds).toBe(true);
    });
  });

  describe('concurrency: both directions at once', () => {
    it('reserves, commits, releases and funding racing between two participants in both directions do not deadlock and keep the invariants', async () => {
      const a = newParticipant();
      const b = newParticipant();
      await sut.ledger.openAccount(a, 'EUR', { netDebitCap: 1_000n });
      await sut.ledger.openAccount(b, 'EUR');
      await sut.ledger.fund(a, 'EUR', 5_000n, `fund-${a}`);
      await sut.ledger.fund(b, 'EUR', 5_000n, `fund-${b}`);
      const flow = async (index: number) => {
        const [payer, payee] = index % 2 === 0 ? [a, b] : [b, a];
        const reservation = await sut.ledger
          .reserve({
            transferId: transferId(),
            payer,
            payee,
            currency: 'EUR',
            amountMinor: BigInt(1 + (index % 97)),
            expiresAt: expiresAt(),
          })
          .catch((error: { reasonCode?: string }) => {
            // Only a refusal for liquidity is expected; a deadlock (40P01) or pool timeout fails the test.
            if (error.reasonCode === 'AM04') return undefined;
            throw error;
          });
        if (!reservation) return;
        if (index % 3 === 0) await sut.ledger.release(reservation.transferId, 'AC06');
        else
          await Promise.all([
            sut.ledger.commit(reservation.transferId),
            sut.ledger.commit(reservation.transferId),
          ]);
      };
      const outcomes = await race<unknown>(210, IN_FLIGHT, (index) =>
        index < 200 ? flow(index) : sut.ledger.fund(index % 2 ? a : b, 'EUR', 10n, `race-fund-${a}-${index}`),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const [accountA, accountB] = [await sut.ledger.account(a, 'EUR'), await sut.ledger.account(b, 'EUR')];
      expect((accountA?.balance ?? 0n) + (accountB?.balance ?? 0n)).toBe(10_100n);
      expect([accountA?.reserved, accountB?.reserved]).toEqual([0n, 0n]);
      expect(accountA?.balance).toBeGreaterThanOrEqual(-1_000n);
      expect(accountB?.balance).toBeGreaterThanOrEqual(0n);
      const report = await sut.invariants();
      expect(report.checks.filter((check) => !check.holds)).toEqual([]);
    });
  });

  describe('two phases', () => {
    it('commit posts one balanced set; a second commit (redelivery) answers the same and posts nothing', async () => {
      const { payer, payee } = await pair(1_000n);
      const id = transferId();
      await sut.ledger.reserve({
        transferId: id,
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 250n,
        expiresAt: expiresAt(),
      });
      const first = await sut.ledger.commit(id);
      const again = await sut.ledger.commit(id);
      expect(first.state).toBe('COMMITTED');
      expect(again).toEqual(first);
      const postings = await sut.sql<{ amount: string; participant: string }>(
        `SELECT p.amount, a.participant FROM ledger_posting p JOIN ledger_posting_set s ON s.id = p.posting_set_id
           JOIN ledger_account a ON a.id = p.account_id WHERE s.kind = 'transfer' AND s.reference = $1 ORDER BY p.amount`,
        [id],
      );
      expect(postings).toEqual([
        { amount: '-250', participant: payer },
        { amount: '250', participant: payee },
      ]);
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 750n, reserved: 0n });
      expect(await sut.ledger.account(payee, 'EUR')).toMatchObject({ balance: 250n });
    });

    it('concurrent commits of one transfer post it once', async () => {
      const { payer, payee } = await pair(1_000n);
      const id = transferId();
      await sut.ledger.reserve({
        transferId: id,
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 100n,
        expiresAt: expiresAt(),
      });
      await Promise.all(Array.from({ length: 10 }, () => sut.ledger.commit(id)));
      const [sets] = await sut.sql<{ n: string }>(
        `SELECT count(*) AS n FROM ledger_posting_set WHERE kind = 'transfer' AND reference = $1`,
        [id],
      );
      expect(sets?.n).toBe('1');
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 900n, reserved: 0n });
    });

    it('release gives the funds back, is idempotent, and a released transfer cannot be committed', async () => {
      const { payer, payee } = await pair(1_000n);
      const id = transferId();
      await sut.ledger.reserve({
        transferId: id,
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 400n,
        expiresAt: expiresAt(),
      });
      const released = await sut.ledger.release(id, 'AC06');
      expect(await sut.ledger.release(id, 'AB03')).toEqual(released);
      expect(released).toMatchObject({ state: 'RELEASED', reasonCode: 'AC06' });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({
        balance: 1_000n,
        reserved: 0n,
        dailyUsed: 0n,
      });
      expect(await refusal(sut.ledger.commit(id))).toEqual({ code: 'TRANSFER_RELEASED', reasonCode: 'AC06' });
    });

    it('a committed transfer cannot be released; an unknown one can be neither', async () => {
      const { payer, payee } = await pair(1_000n);
      const id = transferId();
      await sut.ledger.reserve({
        transferId: id,
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 10n,
        expiresAt: expiresAt(),
      });
      await sut.ledger.commit(id);
      expect(await refusal(sut.ledger.release(id, 'AB03'))).toEqual({ code: 'TRANSFER_COMMITTED' });
      expect(await refusal(sut.ledger.commit('never-reserved'))).toEqual({ code: 'RESERVATION_NOT_FOUND' });
      expect(await refusal(sut.ledger.release('never-reserved', 'AB03'))).toEqual({
        code: 'RESERVATION_NOT_FOUND',
      });
    });

    it('the same reserve again returns the existing reservation; the same id with other content is refused (AM05)', async () => {
      const { payer, payee } = await pair(1_000n);
      const request = {
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 300n,
        expiresAt: expiresAt(),
      };
      const first = await sut.ledger.reserve(request);
      expect(await sut.ledger.reserve({ ...request })).toEqual(first);
      // A redelivery received later computes a later expiry: still the same transfer, the first expiry stays.
      expect(
        await sut.ledger.reserve({ ...request, expiresAt: new Date(request.expiresAt.getTime() + MINUTE) }),
      ).toEqual(first);
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ reserved: 300n, dailyUsed: 300n });
      expect(await refusal(sut.ledger.reserve({ ...request, amountMinor: 301n }))).toEqual({
        code: 'DUPLICATE_TRANSFER',
        reasonCode: 'AM05',
      });
      const other = newParticipant();
      await sut.ledger.openAccount(other, 'EUR');
      expect(await refusal(sut.ledger.reserve({ ...request, payee: other }))).toEqual({
        code: 'DUPLICATE_TRANSFER',
        reasonCode: 'AM05',
      });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ reserved: 300n });
    });

    it('runs inside a caller transaction: a refusal rolls back to its savepoint, the caller rolls back everything', async () => {
      const { payer, payee } = await pair(500n);
      const dataSource = sut.service.app.get(DataSource);
      const id = transferId();
      await expect(
        dataSource.transaction(async (manager) => {
          await sut.ledger.reserve(
            { transferId: id, payer, payee, currency: 'EUR', amountMinor: 200n, expiresAt: expiresAt() },
            manager,
          );
          expect(
            await refusal(
              sut.ledger.reserve(
                {
                  transferId: transferId(),
                  payer,
                  payee,
                  currency: 'EUR',
                  amountMinor: 400n,
                  expiresAt: expiresAt(),
                },
                manager,
              ),
            ),
          ).toMatchObject({ reasonCode: 'AM04' });
          // Still usable after the refusal; then the caller gives up.
          await sut.ledger.commit(id, manager);
          throw new Error('caller aborts');
        }),
      ).rejects.toThrow('caller aborts');
      expect(await sut.ledger.reservation(id)).toBeUndefined();
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 500n, reserved: 0n });
    });
  });

  describe('limits and refusals, each with its reason code', () => {
    it('unknown payer (AC02) or payee (AC03) account, unknown currency (AM03), bad amounts (AM12)', async () => {
      const { payer, payee } = await pair(1_000n);
      const base = {
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 1n,
        expiresAt: expiresAt(),
      };
      expect(await refusal(sut.ledger.reserve({ ...base, payer: newParticipant() }))).toEqual({
        code: 'PAYER_ACCOUNT_NOT_FOUND',
        reasonCode: 'AC02',
      });
      expect(await refusal(sut.ledger.reserve({ ...base, payee: newParticipant() }))).toEqual({
        code: 'PAYEE_ACCOUNT_NOT_FOUND',
        reasonCode: 'AC03',
      });
      expect(await refusal(sut.ledger.reserve({ ...base, currency: 'USD' }))).toEqual({
        code: 'PAYER_ACCOUNT_NOT_FOUND',
        reasonCode: 'AC02',
      });
      expect(await refusal(sut.ledger.reserve({ ...base, currency: 'XXX' }))).toEqual({
        code: 'CURRENCY_NOT_ALLOWED',
        reasonCode: 'AM03',
      });
      for (const amountMinor of [0n, -5n, 10n ** 18n])
        expect(await refusal(sut.ledger.reserve({ ...base, amountMinor }))).toEqual({
          code: 'INVALID_AMOUNT',
          reasonCode: 'AM12',
        });
      expect(await refusal(sut.ledger.reserve({ ...base, payee: payer }))).toEqual({
        code: 'INVALID_TRANSFER',
      });
      expect(await refusal(sut.ledger.reserve({ ...base, expiresAt: sut.clock.now() }))).toEqual({
        code: 'INVALID_TRANSFER',
      });
      expect(await refusal(sut.ledger.fund(payer, 'EUR', '1.5', 'bad'))).toEqual({
        code: 'INVALID_AMOUNT',
        reasonCode: 'AM12',
      });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({
        balance: 1_000n,
        reserved: 0n,
        dailyUsed: 0n,
      });
    });

    it('per-transfer limit (AM02, named perTransfer)', async () => {
      const { payer, payee } = await pair(10_000n, { perTransferLimit: 500n });
      const base = { payer, payee, currency: 'EUR', expiresAt: expiresAt() };
      await sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 500n });
      const error = await sut.ledger
        .reserve({ ...base, transferId: transferId(), amountMinor: 501n })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'PER_TRANSFER_LIMIT_EXCEEDED',
        reasonCode: 'AM02',
        extensions: { limit: 'perTransfer' },
      });
    });

    it('daily limit (AM02, named daily); a release gives usage back; it resets on a new UTC day of the clock', async () => {
      const { payer, payee } = await pair(100_000n, { dailyLimit: 1_000n });
      const base = { payer, payee, currency: 'EUR', expiresAt: expiresAt() };
      const first = await sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 600n });
      await sut.ledger.commit(first.transferId);
      const error = await sut.ledger
        .reserve({ ...base, transferId: transferId(), amountMinor: 500n })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'DAILY_LIMIT_EXCEEDED',
        reasonCode: 'AM02',
        extensions: { limit: 'daily' },
      });
      const released = await sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 400n });
      await sut.ledger.release(released.transferId, 'AC06');
      await sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 400n });
      expect(
        await refusal(sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 1n })),
      ).toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED' });
      sut.clock.advance(DAY);
      // What the switch's expiry sweeper does once a day has passed: earlier tests' reservations expire.
      await sut.ledger.releaseExpired();
      const nextDay = { ...base, expiresAt: expiresAt() };
      await sut.ledger.reserve({ ...nextDay, transferId: transferId(), amountMinor: 1_000n });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({
        dailyUsed: 1_000n,
        dailyDate: sut.clock.now().toISOString().slice(0, 10),
      });
    });

    it('insufficient liquidity (AM04); defund never below what is reserved (AM04); funding is idempotent per reference', async () => {
      const { payer, payee } = await pair(1_000n);
      const base = { payer, payee, currency: 'EUR', expiresAt: expiresAt() };
      expect(
        await refusal(sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 1_001n })),
      ).toEqual({ code: 'INSUFFICIENT_LIQUIDITY', reasonCode: 'AM04' });
      await sut.ledger.reserve({ ...base, transferId: transferId(), amountMinor: 700n });
      expect(await refusal(sut.ledger.defund(payer, 'EUR', 301n, 'd-1'))).toEqual({
        code: 'INSUFFICIENT_LIQUIDITY',
        reasonCode: 'AM04',
      });
      const defunded = await sut.ledger.defund(payer, 'EUR', 300n, 'd-1');
      expect(defunded.balance).toBe(700n);
      expect((await sut.ledger.defund(payer, 'EUR', 300n, 'd-1')).postingSetId).toBe(defunded.postingSetId);
      expect(await refusal(sut.ledger.defund(payer, 'EUR', 200n, 'd-1'))).toEqual({
        code: 'DUPLICATE_REFERENCE',
        reasonCode: 'AM05',
      });
      expect(await refusal(sut.ledger.fund(newParticipant(), 'EUR', 1n, 'f-x'))).toEqual({
        code: 'ACCOUNT_NOT_FOUND',
      });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 700n, reserved: 700n });
    });

    it('one funding reference posts once: another participant reusing it, even concurrently, is refused (AM05)', async () => {
      const { payer, payee } = await pair();
      const reference = `shared-${payer}`;
      const outcomes = await Promise.allSettled([
        sut.ledger.fund(payer, 'EUR', 100n, reference),
        sut.ledger.fund(payee, 'EUR', 100n, reference),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
        reason: { code: 'DUPLICATE_REFERENCE', reasonCode: 'AM05' },
      });
      // Either may win the race; afterwards the loser is refused again and the winner's repeat is a replay.
      const [winner, loser] = outcomes[0]?.status === 'fulfilled' ? [payer, payee] : [payee, payer];
      expect(await refusal(sut.ledger.fund(loser, 'EUR', 100n, reference))).toEqual({
        code: 'DUPLICATE_REFERENCE',
        reasonCode: 'AM05',
      });
      await expect(sut.ledger.fund(winner, 'EUR', 100n, reference)).resolves.toMatchObject({
        amountMinor: 100n,
      });
    });

    it('limits: invalid ones refused; a net debit cap below the current position refused', async () => {
      const { payer, payee } = await pair(0n, { netDebitCap: 1_000n });
      expect(
        await refusal(
          sut.ledger.setLimits(payer, 'EUR', { netDebitCap: -1n, perTransferLimit: null, dailyLimit: null }),
        ),
      ).toEqual({ code: 'INVALID_LIMIT' });
      expect(
        await refusal(
          sut.ledger.setLimits(payer, 'EUR', { netDebitCap: null, perTransferLimit: 0n, dailyLimit: null }),
        ),
      ).toEqual({ code: 'INVALID_LIMIT' });
      await reserveEur(payer, payee, 800n);
      expect(
        await refusal(
          sut.ledger.setLimits(payer, 'EUR', { netDebitCap: 799n, perTransferLimit: null, dailyLimit: null }),
        ),
      ).toEqual({ code: 'LIMIT_BELOW_POSITION' });
      const account = await sut.ledger.setLimits(payer, 'EUR', {
        netDebitCap: 800n,
        perTransferLimit: 50n,
        dailyLimit: 9_000n,
      });
      expect(account).toMatchObject({ netDebitCap: 800n, perTransferLimit: 50n, dailyLimit: 9_000n });
      expect(await sut.ledger.openAccount(payer, 'EUR', { netDebitCap: 1n })).toMatchObject({
        netDebitCap: 800n,
      });
    });

    it('a transfer past its expiry cannot be committed (AB03), even before the sweep; it can be released', async () => {
      const { payer, payee } = await pair(1_000n);
      const expiry = new Date(sut.clock.now().getTime() + MINUTE);
      const late = await sut.ledger.reserve({
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 100n,
        expiresAt: expiry,
      });
      sut.clock.advance(MINUTE);
      expect(await refusal(sut.ledger.commit(late.transferId))).toEqual({
        code: 'TRANSFER_EXPIRED',
        reasonCode: 'AB03',
      });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 1_000n, reserved: 100n });
      expect(await sut.ledger.release(late.transferId, 'AB03')).toMatchObject({ state: 'RELEASED' });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 1_000n, reserved: 0n });
    });

    it('releaseExpired releases every reservation past its expiry with AB03, and only those', async () => {
      const { payer, payee } = await pair(1_000n);
      const soon = new Date(sut.clock.now().getTime() + MINUTE);
      const late = new Date(sut.clock.now().getTime() + 10 * MINUTE);
      const a = await sut.ledger.reserve({
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 100n,
        expiresAt: soon,
      });
      const b = await sut.ledger.reserve({
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 100n,
        expiresAt: soon,
      });
      const c = await sut.ledger.reserve({
        transferId: transferId(),
        payer,
        payee,
        currency: 'EUR',
        amountMinor: 100n,
        expiresAt: late,
      });
      await sut.ledger.commit(b.transferId);
      const released = await sut.ledger.releaseExpired(new Date(soon.getTime() + 1));
      expect(released).toContain(a.transferId);
      expect(released).not.toContain(b.transferId);
      expect(released).not.toContain(c.transferId);
      expect(await sut.ledger.reservation(a.transferId)).toMatchObject({
        state: 'RELEASED',
        reasonCode: 'AB03',
      });
      expect(await sut.ledger.reservation(c.transferId)).toMatchObject({ state: 'RESERVED' });
      expect(await sut.ledger.account(payer, 'EUR')).toMatchObject({ balance: 900n, reserved: 100n });
    });
  });

  describe('append-only postings', () => {
    it('the database refuses UPDATE, DELETE and TRUNCATE of postings and posting sets, and an unbalanced set', async () => {
      const { payer } = await pair(1_000n);
      const [posting] = await sut.sql<{ id: string; posting_set_id: string }>(
        `SELECT p.id, p.posting_set_id FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.participant = $1`,
        [payer],
      );
      await expect(
        sut.sql('UPDATE ledger_posting SET amount = amount + 1 WHERE id = $1', [posting?.id]),
      ).rejects.toThrow(/append-only: UPDATE/);
      await expect(sut.sql('DELETE FROM ledger_posting WHERE id = $1', [posting?.id])).rejects.toThrow(
        /append-only: DELETE/,
      );
      await expect(sut.sql('TRUNCATE ledger_posting CASCADE')).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(
        sut.sql(`UPDATE ledger_posting_set SET reference = 'x' WHERE id = $1`, [posting?.posting_set_id]),
      ).rejects.toThrow(/append-only: UPDATE/);
      await expect(
        sut.sql('DELETE FROM ledger_posting_set WHERE id = $1', [posting?.posting_set_id]),
      ).rejects.toThrow(/append-only: DELETE/);
      const [account] = await sut.sql<{ id: string }>(
        `SELECT id FROM ledger_account WHERE participant = $1`,
        [payer],
      );
      await expect(
        sut.sql(
          `WITH s AS (INSERT INTO ledger_posting_set (kind, reference, created_at) VALUES ('fund', 'unbalanced', now()) RETURNING id)
           INSERT INTO ledger_posting (posting_set_id, account_id, amount) SELECT id, $1, 5 FROM s`,
          [account?.id],
        ),
      ).rejects.toThrow(/unbalanced/);
      expect((await sut.invariants()).holds).toBe(true);
    });
  });
});
