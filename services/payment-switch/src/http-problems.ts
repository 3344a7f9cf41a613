import { problemsOf, type ProblemCatalogue, type ProblemMapEntry } from '@dpi/service-kit';

import { LedgerException, type LedgerErrorCode } from './ledger/ledger.exception';

// The payment switch's HTTP edge: the one place where each feature's domain codes become statuses and
// titles. The features throw codes (with the ISO reason code the transfer flow reports); they know
// nothing of HTTP. The ledger's own operations reach HTTP through the operator API of the next slice.

const LEDGER_PROBLEMS: ProblemCatalogue<LedgerErrorCode> = {
  INVALID_AMOUNT: { status: 400, title: 'Invalid amount' },
  CURRENCY_NOT_ALLOWED: { status: 400, title: 'Currency not cleared here' },
  INVALID_LIMIT: { status: 400, title: 'Invalid limit' },
  INVALID_TRANSFER: { status: 400, title: 'Invalid transfer' },
  PAYER_ACCOUNT_NOT_FOUND: { status: 422, title: 'Payer has no settlement account in this currency' },
  PAYEE_ACCOUNT_NOT_FOUND: { status: 422, title: 'Payee has no settlement account in this currency' },
  ACCOUNT_NOT_FOUND: { status: 404, title: 'Settlement account not found' },
  PER_TRANSFER_LIMIT_EXCEEDED: { status: 422, title: 'Above the per-transfer limit' },
  DAILY_LIMIT_EXCEEDED: { status: 422, title: 'Above the daily limit' },
  INSUFFICIENT_LIQUIDITY: { status: 422, title: 'Insufficient liquidity' },
  LIMIT_BELOW_POSITION: { status: 409, title: 'Net debit cap below the current position' },
  DUPLICATE_TRANSFER: { status: 409, title: 'Transfer id reused with other content' },
  DUPLICATE_REFERENCE: { status: 409, title: 'Funding reference reused with other content' },
  RESERVATION_NOT_FOUND: { status: 404, title: 'Transfer never reserved' },
  TRANSFER_RELEASED: { status: 409, title: 'Transfer released' },
  TRANSFER_EXPIRED: { status: 409, title: 'Transfer expired' },
  TRANSFER_COMMITTED: { status: 409, title: 'Transfer committed' },
};

/** The switch's problem map (ServiceDefinition.problems). */
export const PAYMENT_SWITCH_PROBLEMS: readonly ProblemMapEntry[] = [
  problemsOf(LedgerException, LEDGER_PROBLEMS),
];
