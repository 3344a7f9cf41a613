/** One bit of a status list, with what the verifier must compare: the list's issuer and purpose. */
export interface StatusListBit {
  status: 'found';
  /** The DID that signed (or, for the registry, holds) the list. */
  issuer: string;
  purpose: string;
  /** Entries in the list. */
  length: number;
  /** null when the index is outside the list. */
  set: boolean | null;
}

/**
 * Where the status of an entry comes from: `unavailable` is Bitstring Status List 1.0's
 * STATUS_RETRIEVAL_ERROR (the list could not be had), `invalid` its STATUS_VERIFICATION_ERROR (the list
 * was had but cannot be trusted). Details are shown to the caller after the entry's position.
 */
export type StatusLookup =
  StatusListBit | { status: 'unavailable'; detail: string } | { status: 'invalid'; detail: string };

/** Reads bit `index` of the status list credential at `url` (a local database or a fetch over HTTP). */
export interface StatusListSource {
  lookup(url: string, index: number): Promise<StatusLookup>;
}
