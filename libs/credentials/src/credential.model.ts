/** The base context of every Verifiable Credential 2.0. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** What a status entry is for (Bitstring Status List 1.0): permanent revocation or reversible suspension. */
export type StatusPurpose = 'revocation' | 'suspension';

/** A Bitstring Status List 1.0 entry. */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}
