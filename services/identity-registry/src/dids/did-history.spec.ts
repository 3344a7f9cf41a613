import { canonicalJson } from '@dpi/did';

import {
  didDateTime,
  HistoryIntegrityError,
  sealVersion,
  verifyHistory,
  type DidVersion,
} from './did-history';

const DID = 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB';

function chain(): DidVersion[] {
  const v1 = sealVersion({
    did: DID,
    version: 1,
    operation: 'create',
    document: canonicalJson({ id: DID, capabilityInvocation: [] }),
    versionTime: new Date('2026-01-01T10:00:00Z'),
    proof: 'jws-1',
  });
  const v2 = sealVersion(
    {
      did: DID,
      version: 2,
      operation: 'update',
      document: canonicalJson({ id: DID }),
      versionTime: new Date('2026-01-02T10:00:00Z'),
      proof: 'jws-2',
    },
    v1,
  );
  const v3 = sealVersion(
    {
      did: DID,
      version: 3,
      operation: 'deactivate',
      document: null,
      versionTime: new Date('2026-01-03T10:00:00Z'),
      proof: 'jws-3',
    },
    v2,
  );
  return [v1, v2, v3];
}

describe('DID version hash chain', () => {
  it('links each version to the one before and verifies as stored', () => {
    const [v1, v2, v3] = chain();
    expect(v1?.previousHash).toBeNull();
    expect(v2?.previousHash).toBe(v1?.entryHash);
    expect(v3?.previousHash).toBe(v2?.entryHash);
    expect(() => verifyHistory(chain())).not.toThrow();
  });

  it.each([
    [
      'a changed document',
      (v: DidVersion[]) => ({ ...v[1], document: canonicalJson({ id: DID, x: 1 }) }),
      /content hash/,
    ],
    [
      'a document and its content hash changed together',
      (v: DidVersion[]) => ({
        ...v[1],
        document: 'null',
        contentHash: sealVersion({ ...v[1]!, document: 'null' }).contentHash,
      }),
      /document and operation|entry/,
    ],
    ['a swapped proof', (v: DidVersion[]) => ({ ...v[1], proof: 'jws-forged' }), /entry does not match/],
    [
      'a moved version time',
      (v: DidVersion[]) => ({ ...v[1], versionTime: new Date('2025-01-01T00:00:00Z') }),
      /entry does not match/,
    ],
    ['a rewritten entry hash', (v: DidVersion[]) => ({ ...v[1], entryHash: 'AAAA' }), /entry does not match/],
  ])('detects %s', (_name, tamper, reason) => {
    const versions = chain();
    versions[1] = tamper(versions) as DidVersion;
    expect(() => verifyHistory(versions)).toThrow(reason);
    expect(() => verifyHistory(versions)).toThrow(HistoryIntegrityError);
  });

  it('detects a missing or reordered version and anything after a deactivation', () => {
    const [v1, v2, v3] = chain() as [DidVersion, DidVersion, DidVersion];
    expect(() => verifyHistory([v1, v3])).toThrow(/expected version 2/);
    expect(() => verifyHistory([v2])).toThrow(/expected version 1/);
    const v4 = sealVersion(
      { did: DID, version: 4, operation: 'update', document: '{}', versionTime: new Date(), proof: 'x' },
      v3,
    );
    expect(() => verifyHistory([v1, v2, v3, v4])).toThrow(/follows a deactivation/);
  });

  it('writes DID Core datetimes without sub-second precision', () => {
    expect(didDateTime(new Date('2026-11-22T10:00:00.987Z'))).toBe('2026-11-22T10:00:00Z');
  });
});

describe('DID version hash chain links', () => {
  it('detects a version re-sealed by someone who recomputed its hashes but not the next link', () => {
    const versions = chain();
    const v2 = versions[1] as DidVersion;
    versions[1] = sealVersion({ ...v2, document: canonicalJson({ id: DID, forged: true }) }, versions[0]);
    expect(() => verifyHistory(versions)).toThrow(/version 3: the link to the previous version is broken/);
  });
});
