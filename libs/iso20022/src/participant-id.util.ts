import { DID_DPI_PREFIX, isDidDpi } from '@dpi/did';

/** An 8-character participant id: base58btc characters, as a did:dpi identifier starts. */
export const PARTICIPANT_ID_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{8}$/;

/**
 * The 8-character participant id of a PSP: the first 8 characters of its did:dpi method-specific
 * identifier. It plays the role of Pix's ISPB in EndToEndIds, MsgIds and ClrSysMmbId/MmbId, and anyone
 * can derive it from the DID; the switch refuses to onboard a second PSP with the same one.
 */
export function participantIdOf(did: string): string {
  if (!isDidDpi(did)) throw new TypeError(`not a did:dpi DID: ${did}`);
  return did.slice(DID_DPI_PREFIX.length, DID_DPI_PREFIX.length + 8);
}
