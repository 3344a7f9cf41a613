import { RequestValidationException } from '@dpi/service-kit';

import { CredentialException } from './credential.exception';
import type { IssueRequest } from './credential.model';

const DAY_MS = 86_400_000;
/** How far a requested validFrom may lie before now: clock skew between client and registry. */
const SKEW_MS = 5 * 60_000;
const MAX_START_AHEAD_MS = 366 * DAY_MS;
const DEFAULT_VALIDITY_MS = 365 * DAY_MS;
const MAX_VALIDITY_MS = 5 * 366 * DAY_MS;

/** A credential's validity period, whole seconds in UTC. */
export interface ValidityPeriod {
  validFrom: Date;
  validUntil: Date;
}

/**
 * The validity period a request asks for, checked against `now`: it starts now or later (no back-dating
 * beyond clock skew, at most 366 days ahead) and lasts at most five years (default one year).
 */
export function validityPeriod(request: IssueRequest, now: Date): ValidityPeriod {
  const second = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
  const validFrom = request.validFrom ? parse('validFrom', request.validFrom) : second(now);
  const validUntil = request.validUntil
    ? parse('validUntil', request.validUntil)
    : new Date(validFrom.getTime() + DEFAULT_VALIDITY_MS);
  const refuse = (detail: string) => new CredentialException('INVALID_VALIDITY_PERIOD', detail);
  if (validFrom.getTime() < now.getTime() - SKEW_MS)
    throw refuse(
      `validFrom ${request.validFrom} lies in the past; a credential is valid from its issuance on: leave validFrom out or give a later time.`,
    );
  if (validFrom.getTime() > now.getTime() + MAX_START_AHEAD_MS)
    throw refuse(
      `validFrom ${request.validFrom} is more than 366 days ahead; issue the credential closer to then.`,
    );
  if (validUntil.getTime() <= validFrom.getTime())
    throw refuse(
      `validUntil ${request.validUntil} is not after validFrom; give a validUntil later than validFrom.`,
    );
  if (validUntil.getTime() - validFrom.getTime() > MAX_VALIDITY_MS)
    throw refuse(
      `validUntil ${request.validUntil} is more than five years after validFrom; issue a shorter credential and renew it.`,
    );
  return { validFrom: second(validFrom), validUntil: second(validUntil) };
}

function parse(field: string, text: string): Date {
  const time = Date.parse(text);
  // The schema checked the shape; this catches impossible dates such as 2026-02-30T00:00:00Z.
  if (Number.isNaN(time) || !sameCalendarDate(text, new Date(time)))
    throw new RequestValidationException([
      {
        in: 'body',
        field,
        pointer: `/${field}`,
        message: 'is not a real date and time; give a date that exists',
      },
    ]);
  return new Date(time);
}

function sameCalendarDate(text: string, date: Date): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const local = new Date(date.getTime() + shift * 60_000);
  return local.toISOString().slice(0, 10) === text.slice(0, 10);
}
