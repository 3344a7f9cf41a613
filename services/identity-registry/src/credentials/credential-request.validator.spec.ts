import { CredentialException } from './credential.exception';
import type { IssueRequest } from './credential.model';
import { validityPeriod } from './credential-request.validator';

const NOW = new Date('2026-11-22T10:00:00.600Z');
const DAY = 86_400_000;
const request = (period: Partial<IssueRequest>): IssueRequest => ({
  type: 'ResidentCredential',
  credentialSubject: { id: 'did:example:1', districtCode: 'D01' },
  ...period,
});
const codeOf = (period: Partial<IssueRequest>) => {
  try {
    validityPeriod(request(period), NOW);
    return 'accepted';
  } catch (error) {
    return (error as CredentialException).code;
  }
};

describe('validityPeriod', () => {
  it('defaults to now (whole seconds) for one year', () => {
    expect(validityPeriod(request({}), NOW)).toEqual({
      validFrom: new Date('2026-11-22T10:00:00Z'),
      validUntil: new Date('2027-11-22T10:00:00Z'),
    });
  });

  it('takes a future start, time zone offsets, and a validUntil up to five years on', () => {
    expect(validityPeriod(request({ validFrom: '2026-12-01T12:00:00+02:00' }), NOW).validFrom).toEqual(
      new Date('2026-12-01T10:00:00Z'),
    );
    expect(codeOf({ validUntil: new Date(NOW.getTime() + 5 * 365 * DAY).toISOString() })).toBe('accepted');
    // A few minutes of clock skew between client and registry is fine.
    expect(codeOf({ validFrom: new Date(NOW.getTime() - 60_000).toISOString() })).toBe('accepted');
  });

  it('refuses back-dating, inverted or empty periods, more than five years, a start over a year ahead', () => {
    expect(codeOf({ validFrom: '2026-11-21T10:00:00Z' })).toBe('INVALID_VALIDITY_PERIOD');
    expect(codeOf({ validFrom: '2026-12-01T00:00:00Z', validUntil: '2026-12-01T00:00:00Z' })).toBe(
      'INVALID_VALIDITY_PERIOD',
    );
    expect(codeOf({ validUntil: '2026-11-22T09:00:00Z' })).toBe('INVALID_VALIDITY_PERIOD');
    expect(codeOf({ validUntil: '2032-11-22T10:00:00Z' })).toBe('INVALID_VALIDITY_PERIOD');
    expect(codeOf({ validFrom: '2028-01-01T00:00:00Z' })).toBe('INVALID_VALIDITY_PERIOD');
  });

  it('refuses dates that do not exist (400 VALIDATION_FAILED)', () => {
    expect(codeOf({ validUntil: '2027-02-30T00:00:00Z' })).toBe('VALIDATION_FAILED');
    expect(codeOf({ validUntil: '2027-02-28T00:00:00+14:00' })).toBe('accepted');
  });
});
