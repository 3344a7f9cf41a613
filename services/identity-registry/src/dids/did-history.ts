import { createHash } from 'node:crypto';

import { canonicalJson, type DidOperationType } from '@dpi/did';

/** One stored version of a DID: its content, the proof that authorised it and its place in the hash chain. */
export interface DidVersion {
  did: string;
  /** 1, 2, 3...; the DID document metadata's versionId is its decimal string. */
  version: number;
  operation: DidOperationType;
  /** The canonical JSON (RFC 8785) of the DID document; null for a deactivation. */
  document: string | null;
  /** When the version took effect, to the second. */
  versionTime: Date;
  /** The compact JWS that authorised the operation. */
  proof: string;
  /** base64url SHA-256 of the document text (of `null` for a deactivation). */
  contentHash: string;
  /** The entryHash of the version before; null for version 1. */
  previousHash: string | null;
  /** base64url SHA-256 of the canonical JSON of every field above. */
  entryHash: string;
}

/** A version before it is sealed into the chain. */
export type UnsealedDidVersion = Omit<DidVersion, 'contentHash' | 'previousHash' | 'entryHash'>;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64url');

/** A DID Core datetime: UTC, no sub-second part (2026-11-22T10:00:00Z). */
export function didDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function entryHashOf(version: Omit<DidVersion, 'entryHash'>): string {
  return sha256(
    canonicalJson({
      did: version.did,
      versionId: String(version.version),
      operation: version.operation,
      versionTime: didDateTime(version.versionTime),
      proof: version.proof,
      contentHash: version.contentHash,
      previousHash: version.previousHash,
    }),
  );
}

/** Seals a new version onto the chain after `previous` (none for version 1). */
export function sealVersion(version: UnsealedDidVersion, previous?: DidVersion): DidVersion {
  const partial = {
    ...version,
    contentHash: sha256(version.document ?? 'null'),
    previousHash: previous?.entryHash ?? null,
  };
  return { ...partial, entryHash: entryHashOf(partial) };
}

/** Why a stored history does not verify. */
export class HistoryIntegrityError extends Error {
  constructor(
    readonly did: string,
    readonly version: number,
    reason: string,
  ) {
    super(`${did} version ${version}: ${reason}`);
  }
}

/**
 * Checks a DID's whole stored history (oldest first): consecutive versions from 1, create first and
 * nothing after a deactivation, each content hash over its document, each entry hash over its fields
 * and each link to the entry before. Throws HistoryIntegrityError at the first version that fails.
 */
export function verifyHistory(versions: readonly DidVersion[]): void {
  versions.forEach((version, index) => {
    const fail = (reason: string): never => {
      throw new HistoryIntegrityError(version.did, version.version, reason);
    };
    const previous = versions[index - 1];
    if (version.version !== index + 1) fail(`expected version ${index + 1}`);
    if ((version.operation === 'create') !== (index === 0)) fail('only version 1 may be a create');
    if (previous?.operation === 'deactivate') fail('a version follows a deactivation');
    if ((version.document === null) !== (version.operation === 'deactivate'))
      fail('document and operation disagree');
    if (sha256(version.document ?? 'null') !== version.contentHash)
      fail('the document does not match its content hash');
    if (version.previousHash !== (previous?.entryHash ?? null))
      fail('the link to the previous version is broken');
    if (entryHashOf(version) !== version.entryHash) fail('the entry does not match its hash');
  });
}
