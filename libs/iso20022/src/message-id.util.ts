import { randomBytes } from 'node:crypto';

import { systemClock, type Clock } from '@dpi/did';

import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import { PARTICIPANT_ID_PATTERN } from './participant-id.util';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `E` + participant id + yyyyMMddHHmm (UTC) + 11 alphanumerics: 32 characters, as Pix's EndToEndId. */
export const END_TO_END_ID_PATTERN = /^E([1-9A-HJ-NP-Za-km-z]{8})([0-9]{12})[A-Za-z0-9]{11}$/;
/** `M` + participant id + 23 alphanumerics: 32 characters, as Pix's MsgId. */
export const MESSAGE_ID_PATTERN = /^M[1-9A-HJ-NP-Za-km-z]{8}[A-Za-z0-9]{23}$/;

/** A source of random bytes, injectable so tests get fixed identifiers. */
export type RandomBytes = (size: number) => Uint8Array;

/** Checks an EndToEndId's format and timestamp (FF08); with `participantId`, that it was made by that participant. */
export function checkEndToEndId(
  id: string,
  participantId?: string,
  path = '/CdtTrfTxInf/PmtId/EndToEndId',
): Iso20022Error | undefined {
  const match = END_TO_END_ID_PATTERN.exec(id);
  if (!match)
    return new Iso20022Error(
      IsoReasonCode.InvalidEndToEndId,
      path,
      'not E + 8 + yyyyMMddHHmm + 11 alphanumerics',
    );
  const [, issuer = '', stamp = ''] = match;
  if (!isUtcMinute(stamp))
    return new Iso20022Error(IsoReasonCode.InvalidEndToEndId, path, `${stamp} is not a valid yyyyMMddHHmm`);
  if (participantId !== undefined && issuer !== participantId)
    return new Iso20022Error(
      IsoReasonCode.InvalidEndToEndId,
      path,
      `made by ${issuer}, not by the debtor agent ${participantId}`,
    );
  return undefined;
}

/** Makes EndToEndIds and MsgIds for one participant, with an injectable clock and random source. */
export class MessageIdGenerator {
  constructor(
    private readonly participantId: string,
    private readonly clock: Clock = systemClock,
    private readonly random: RandomBytes = randomBytes,
  ) {
    if (!PARTICIPANT_ID_PATTERN.test(participantId))
      throw new TypeError(`not a participant id: ${participantId}`);
  }

  /** A new EndToEndId stamped with the current UTC minute. */
  endToEndId(): string {
    return `E${this.participantId}${utcMinute(this.clock.now())}${this.alphanumerics(11)}`;
  }

  /** A new MsgId. */
  messageId(): string {
    return `M${this.participantId}${this.alphanumerics(23)}`;
  }

  private alphanumerics(length: number): string {
    let out = '';
    while (out.length < length) {
      // Rejection sampling: bytes >= 248 (4 * 62) would bias the first characters.
      for (const byte of this.random(length * 2)) {
        if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
      }
    }
    return out;
  }
}

function utcMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

function isUtcMinute(stamp: string): boolean {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:00.000Z`;
  const date = new Date(iso);
  return !Number.isNaN(date.getTime()) && date.toISOString() === iso;
}
