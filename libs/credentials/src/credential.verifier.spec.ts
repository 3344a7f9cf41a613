import { randomUUID } from 'node:crypto';

import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  type Clock,
} from '@dpi/did';

import { CredentialVerifier, type CredentialVerifierOptions } from './credential.verifier';
import { issuerResolverFrom, type IssuerResolver } from './issuer.resolver';
import { TrustedIssuers } from './issuer-trust.policy';
import type { StatusListSource, StatusLookup } from './status-list.source';
import { signVcJwt } from './vc-jwt.util';

type Json = Record<string, unknown>;

/** A did:key issuer: resolves without I/O. */
function newIssuer() {
  const { publicKey, privateKey } = generateEd25519KeyPair();
  const did = didKeyFromPublicKey(publicKey);
  return {
    did,
    sign: (credential: Json) => signVcJwt(credential, { kid: didKeyVerificationMethodId(did), privateKey }),
  };
}

const LIST = 'https://registry.example/1.0/credentials/status/list-1';

function credentialOf(issuer: string, extra: Json = {}): Json {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OrganisationCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:psp', role: 'psp' },
    credentialStatus: {
      id: `${LIST}#7`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '7',
      statusListCredential: LIST,
    },
    ...extra,
  };
}

describe('CredentialVerifier (@dpi/credentials)', () => {
  const bank = newIssuer();
  const stranger = newIssuer();
  const clock = {
    at: new Date('2026-06-01T00:00:00Z'),
    now() {
      return this.at;
    },
  } as Clock & { at: Date };
  const resolved: string[] = [];
  const looked: string[] = [];
  const dids = issuerResolverFrom(new DidResolutionService({ web: false }));
  const issuers: IssuerResolver = { resolve: (did) => (resolved.push(did), dids.resolve(did)) };
  let listAnswer: (issuer: string) => StatusLookup = (issuer) => ({
    status: 'found',
    issuer,
    purpose: 'revocation',
    length: 131_072,
    set: false,
  });
  let listIssuer = bank.did;
  const statusLists: StatusListSource = {
    lookup: async (url) => (looked.push(url), listAnswer(listIssuer)),
  };
  const verifier = (options: Partial<CredentialVerifierOptions> = {}) =>
    new CredentialVerifier({ issuers, statusLists, clock, ...options });
  const codes = (verdict: { problems: Array<{ code: string }> }) => verdict.problems.map((p) => p.code);

  beforeEach(() => {
    resolved.length = 0;
    looked.length = 0;
    listIssuer = bank.did;
    listAnswer = (issuer) => ({
      status: 'found',
      issuer,
      purpose: 'revocation',
      length: 131_072,
      set: false,
    });
  });

  it('verifies a did:key credential with its status through the given source', async () => {
    const verdict = await verifier().verify(bank.sign(credentialOf(bank.did)));
    expect(verdict).toMatchObject({ verified: true, issuer: bank.did, problems: [] });
    expect(Object.values(verdict.checks)).toEqual(Array(7).fill('passed'));
    expect(looked).toEqual([LIST]);
  });

  it('REVOKED, and STATUS_VERIFICATION_ERROR for a list of another issuer', async () => {
    listAnswer = (issuer) => ({ status: 'found', issuer, purpose: 'revocation', length: 131_072, set: true });
    expect(codes(await verifier().verify(bank.sign(credentialOf(bank.did))))).toEqual(['REVOKED']);
    listIssuer = stranger.did;
    expect(codes(await verifier().verify(bank.sign(credentialOf(bank.did))))).toEqual([
      'STATUS_VERIFICATION_ERROR',
    ]);
  });

  it('EXPIRED and NOT_YET_VALID against the injected clock', async () => {
    const jws = bank.sign(credentialOf(bank.did));
    clock.at = new Date('2027-01-01T00:00:00Z');
    expect(codes(await verifier().verify(jws))).toEqual(['EXPIRED']);
    clock.at = new Date('2025-12-31T23:59:59Z');
    expect(codes(await verifier().verify(jws))).toEqual(['NOT_YET_VALID']);
    clock.at = new Date('2026-06-01T00:00:00Z');
  });

  it('ISSUER_NOT_TRUSTED: an issuer the policy does not list for the role is neither resolved nor its status fetched', async () => {
    const trust = new TrustedIssuers([{ type: 'OrganisationCredential', role: 'psp', issuers: [bank.did] }]);
    const verdict = await verifier({ trust }).verify(stranger.sign(credentialOf(stranger.did)));
    expect(codes(verdict)).toEqual(['ISSUER_NOT_TRUSTED']);
    expect(verdict.checks).toMatchObject({ issuer: 'failed', signature: 'skipped', status: 'skipped' });
    expect(verdict.problems[0]?.detail).toContain(bank.did);
    expect({ resolved, looked }).toEqual({ resolved: [], looked: [] });
    // The same issuer for a role no rule covers.
    const agency = credentialOf(bank.did, { credentialSubject: { id: 'did:example:a', role: 'agency' } });
    expect(codes(await verifier({ trust }).verify(bank.sign(agency)))).toEqual(['ISSUER_NOT_TRUSTED']);
    expect((await verifier({ trust }).verify(bank.sign(credentialOf(bank.did)))).verified).toBe(true);
  });

  it('ROLE_MISMATCH and TYPE_MISMATCH: the credential is not what the caller expects', async () => {
    const agency = credentialOf(bank.did, { credentialSubject: { id: 'did:example:a', role: 'agency' } });
    const verdict = await verifier().verify(bank.sign(agency), { role: 'psp' });
    expect(codes(verdict)).toEqual(['ROLE_MISMATCH']);
    expect(verdict.checks.credential).toBe('failed');
    expect(
      (await verifier().verify(bank.sign(credentialOf(bank.did)), { role: ['agency', 'psp'] })).verified,
    ).toBe(true);
    const resident = credentialOf(bank.did, {
      type: ['VerifiableCredential', 'ResidentCredential'],
      credentialSubject: { id: 'did:example:r', districtCode: 'D03' },
    });
    expect(
      codes(await verifier().verify(bank.sign(resident), { type: 'OrganisationCredential', role: 'psp' })),
    ).toEqual(['TYPE_MISMATCH', 'ROLE_MISMATCH']);
  });

  it('STATUS_RETRIEVAL_ERROR when the verifier reads no status lists and the credential has a status', async () => {
    const verdict = await verifier({ statusLists: null }).verify(bank.sign(credentialOf(bank.did)));
    expect(codes(verdict)).toEqual(['STATUS_RETRIEVAL_ERROR']);
    const noStatus = credentialOf(bank.did, { credentialStatus: undefined });
    expect((await verifier({ statusLists: null }).verify(bank.sign(noStatus))).verified).toBe(true);
  });
});
