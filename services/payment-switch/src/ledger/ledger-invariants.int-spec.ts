import fc from 'fast-check';

import { newParticipant, startSwitch, type SwitchUnderTest } from './ledger.test-harness';

const MINUTE = 60_000;
const GRACE_SECONDS = 30;

/** One step of a random ledger session; indices pick participants and open or committed transfers. */
type Step =
  | { op: 'fund'; who: number; amount: number }
  | { op: 'defund'; who: number; amount: number }
  | { op: 'reserve'; payer: number; payee: number; amount: number }
  | { op: 'commit'; pick: number }
  | { op: 'recommit'; pick: number }
  | { op: 'release'; pick: number }
  | { op: 'expire' };

const PEOPLE = 3;
const who = fc.integer({ min: 0, max: PEOPLE - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('fund' as const), who, amount: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant('defund' as const), who, amount: fc.integer({ min: 1, max: 3_000 }) }),
  fc.record({
    op: fc.constant('reserve' as const),
    payer: who,
    payee: who,
    amount: fc.integer({ min: 1, max: 3_000 }),
  }),
  fc.record({
    op: fc.constant('reserve' as const),
    payer: who,
    payee: who,
    amount: fc.integer({ min: 1, max: 3_000 }),
  }),
  fc.record({ op: fc.constant('commit' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('recommit' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('expire' as const) }),
);

describe('ledger invariants (real PostgreSQL)', () => {
  let sut: SwitchUnderTest;
  let seq = 0;
  const transferId = () => `inv-${Date.now()}-${++seq}`;

  beforeAll(async () => {
    sut = await startSwitch({ LEDGER_EXPIRY_GRACE_SECONDS: String(GRACE_SECONDS) });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('hold after random sessions of fund, defund, reserve, commit, redelivered commit, release and expiry, and the positions match a model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), async (steps) => {
        const people = Array.from({ length: PEOPLE }, () => newParticipant());
        // The last participant may go 500 below zero (net debit cap); the others are prefunded only.
        const caps = people.map((_, index) => (index === PEOPLE - 1 ? 500 : 0));
        for (const [index, participant] of people.entries())
          await sut.ledger.openAccount(participant, 'EUR', {
            netDebitCap: caps[index] ? BigInt(caps[index]) : null,
          });
        const model = people.map(() => ({ balance: 0, reserved: 0 }));
        let open: Array<{ id: string; payer: number; payee: number; amount: number }> = [];
        const committed: string[] = [];
        for (const s of steps) {
          switch (s.op) {
            case 'fund':
              await sut.ledger.fund(people[s.who] as string, 'EUR', BigInt(s.amount), transferId());
              (model[s.who] as { balance: number }).balance += s.amount;
              break;
            case 'defund': {
              const account = model[s.who] as { balance: number; reserved: number };
              const allowed = account.balance - s.amount >= account.reserved;
              const outcome = await sut.ledger
                .defund(people[s.who] as string, 'EUR', BigInt(s.amount), transferId())
                .then(
                  () => 'ok',
                  (error: { reasonCode?: string }) => error.reasonCode,
                );
              expect(outcome).toBe(allowed ? 'ok' : 'AM04');
              if (allowed) account.balance -= s.amount;
              break;
            }
            case 'reserve': {
              if (s.payer === s.payee) break;
              const payer = model[s.payer] as { balance: number; reserved: number };
              const allowed = payer.balance - payer.reserved + (caps[s.payer] as number) >= s.amount;
              const id = transferId();
              const outcome = await sut.ledger
                .reserve({
                  transferId: id,
                  payer: people[s.payer] as string,
                  payee: people[s.payee] as string,
                  currency: 'EUR',
                  amountMinor: BigInt(s.amount),
                  expiresAt: new Date(sut.clock.now().getTime() + 5 * MINUTE),
                })
                .then(
                  () => 'ok',
                  (error: { reasonCode?: string }) => error.reasonCode,
                );
              expect(outcome).toBe(allowed ? 'ok' : 'AM04');
              if (allowed) {
                payer.reserved += s.amount;
                open.push({ id, payer: s.payer, payee: s.payee, amount: s.amount });
              }
              break;
            }
            case 'commit':
            case 'release': {
              if (open.length === 0) break;
              const [transfer] = open.splice(s.pick % open.length, 1);
              if (!transfer) break;
              const payer = model[transfer.payer] as { balance: number; reserved: number };
              payer.reserved -= transfer.amount;
              if (s.op === 'commit') {
                await sut.ledger.commit(transfer.id);
                payer.balance -= transfer.amount;
                (model[transfer.payee] as { balance: number }).balance += transfer.amount;
                committed.push(transfer.id);
              } else await sut.ledger.release(transfer.id, 'AC06');
              break;
            }
            case 'recommit':
              if (committed.length > 0)
                await sut.ledger.commit(committed[s.pick % committed.length] as string);
              break;
            case 'expire': {
              sut.clock.advance(6 * MINUTE);
              const released = await sut.ledger.releaseExpired();
              for (const transfer of open) {
                expect(released).toContain(transfer.id);
                (model[transfer.payer] as { reserved: number }).reserved -= transfer.amount;
              }
              open = [];
              break;
            }
          }
        }
        for (const [index, participant] of people.entries()) {
          const account = await sut.ledger.account(participant, 'EUR');
          expect({ balance: account?.balance, reserved: account?.reserved }).toEqual({
            balance: BigInt((model[index] as { balance: number }).balance),
            reserved: BigInt((model[index] as { reserved: number }).reserved),
          });
        }
        const report = await sut.invariants();
        expect(report.checks.filter((check) => !check.holds)).toEqual([]);
        expect(report.holds).toBe(true);
      }),
      { seed: 20_261_129, numRuns: 12 },
    );
  });

  /** A funded participant who paid another once (committed), with one more transfer reserved. */
  async function scene() {
    const payer = newParticipant();
    const payee = newParticipant();
    await sut.ledger.openAccount(payer, 'EUR');
    await sut.ledger.openAccount(payee, 'EUR');
    await sut.ledger.fund(payer, 'EUR', 1_000n, transferId());
    const expiresAt = new Date(sut.clock.now().getTime() + MINUTE);
    const paid = await sut.ledger.reserve({
      transferId: transferId(),
      payer,
      payee,
      currency: 'EUR',
      amountMinor: 100n,
      expiresAt,
    });
    await sut.ledger.commit(paid.transferId);
    const held = await sut.ledger.reserve({
      transferId: transferId(),
      payer,
      payee,
      currency: 'EUR',
      amountMinor: 50n,
      expiresAt,
    });
    return { payer, payee, paid, held };
  }

  const failing = async () => (await sut.invariants()).checks.filter((check) => !check.holds);

  it('reports a cached balance corrupted by SQL, naming the account, and holds again once it is repaired', async () => {
    const { payer } = await scene();
    expect((await sut.invariants()).holds).toBe(true);
    await sut.sql(`UPDATE ledger_account SET balance = balance + 7 WHERE participant = $1`, [payer]);
    const report = await sut.invariants();
    expect(report.holds).toBe(false);
    const broken = await failing();
    expect(broken.map((check) => check.name).sort()).toEqual([
      'balances-match-postings',
      'balances-sum-to-zero',
    ]);
    expect(broken.find((check) => check.name === 'balances-match-postings')?.detail).toContain(
      `(${payer} EUR) caches 907, its postings sum to 900`,
    );
    await sut.sql(`UPDATE ledger_account SET balance = balance - 7 WHERE participant = $1`, [payer]);
    expect((await sut.invariants()).holds).toBe(true);
  });

  it('reports a corrupted reserved amount and an overdrawn position', async () => {
    const { payer } = await scene();
    await sut.sql(`UPDATE ledger_account SET reserved = reserved + 2000 WHERE participant = $1`, [payer]);
    expect((await failing()).map((check) => check.name).sort()).toEqual([
      'positions-within-liquidity',
      'reserved-matches-reservations',
    ]);
    await sut.sql(`UPDATE ledger_account SET reserved = reserved - 2000 WHERE participant = $1`, [payer]);
    expect((await sut.invariants()).holds).toBe(true);
  });

  it('reports a committed transfer whose reservation points at another posting set', async () => {
    const { paid } = await scene();
    const { postingSetId } = (await sut.ledger.reservation(paid.transferId)) ?? {};
    await sut.sql(
      `UPDATE ledger_reservation SET posting_set_id = (SELECT min(id) FROM ledger_posting_set WHERE kind = 'fund') WHERE transfer_id = $1`,
      [paid.transferId],
    );
    const broken = await failing();
    expect(broken.map((check) => check.name)).toEqual(['committed-transfers-posted-once']);
    expect(broken[0]?.detail).toContain(
      `transfer ${paid.transferId}: posted by set ${postingSetId} but committed with set`,
    );
    await sut.sql(`UPDATE ledger_reservation SET posting_set_id = $2 WHERE transfer_id = $1`, [
      paid.transferId,
      postingSetId,
    ]);
    expect((await sut.invariants()).holds).toBe(true);
  });

  it('reports a reservation left open past its expiry and grace, until the expiry sweep releases it', async () => {
    const { held } = await scene();
    sut.clock.advance(MINUTE + (GRACE_SECONDS - 1) * 1000);
    expect(await failing()).toEqual([]);
    sut.clock.advance(2_000);
    const broken = await failing();
    expect(broken.map((check) => check.name)).toEqual(['no-overdue-reservation']);
    expect(broken[0]?.detail).toContain(`transfer ${held.transferId} reserved until`);
    expect(await sut.ledger.releaseExpired()).toContain(held.transferId);
    expect((await sut.invariants()).holds).toBe(true);
  });

  it('reports an unbalanced posting set written behind the ledger triggers', async () => {
    const { payer } = await scene();
    const [account] = await sut.sql<{ id: string }>(`SELECT id FROM ledger_account WHERE participant = $1`, [
      payer,
    ]);
    // Only a database owner who switches the balance trigger off can write this; the checker still sees it.
    await sut.sql(`
      BEGIN;
      ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_set_balanced;
      WITH s AS (INSERT INTO ledger_posting_set (kind, reference, created_at) VALUES ('fund', 'behind-the-triggers', now()) RETURNING id)
        INSERT INTO ledger_posting (posting_set_id, account_id, amount) SELECT id, ${Number(account?.id)}, 5 FROM s;
      ALTER TABLE ledger_posting ENABLE TRIGGER ledger_posting_set_balanced;
      COMMIT;`);
    const broken = await failing();
    expect(broken.map((check) => check.name)).toContain('posting-sets-balanced');
    expect(broken.find((check) => check.name === 'posting-sets-balanced')?.detail).toContain(
      'fund behind-the-triggers: sum 5, 1 posting(s)',
    );
  });
});
