import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  DidResolutionService,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  type Clock,
} from '@dpi/did';

import { encodeStatusList, setBit, STATUS_LIST_LENGTH } from './bitstring.util';
import { CredentialVerifier } from './credential.verifier';
import { issuerResolverFrom } from './issuer.resolver';
import { TrustedIssuers } from './issuer-trust.policy';
import { StatusListFetcher } from './status-list.fetcher';
import { signVcJwt } from './vc-jwt.util';
import type { Verdict } from './verdict.model';

type Json = Record<string, unknown>;

/** A loopback HTTP server that counts connections and requests, and answers from `routes`. */
interface Listener {
  origin: string;
  connections: number;
  requests: Array<{ path: string; ifNoneMatch: string | undefined }>;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(handler: Handler): Promise<Listener> {
  const state = { connections: 0 };
  const requests: Listener['requests'] = [];
  const server: Server = createServer((request, response) => {
    const header = request.headers['if-none-match'];
    requests.push({ path: request.url ?? '', ifNoneMatch: typeof header === 'string' ? header : undefined });
    handler(request, response);
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return state.connections;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A did:key issuer (resolved without any network). */
function newIssuer() {
  const { publicKey, privateKey } = generateEd25519KeyPair();
  const did = didKeyFromPublicKey(publicKey);
  return { did, signer: { kid: didKeyVerificationMethodId(did), privateKey } };
}
type Issuer = ReturnType<typeof newIssuer>;

/** A status list as the test server serves it: its bits, who signs it, its caching headers. */
interface ServedList {
  purpose: 'revocation' | 'suspension';
  bits: Uint8Array;
  issuer: Issuer;
  version: number;
  cacheControl: string;
  /** Signs the list with this id instead of its URL. */
  id?: string;
}

describe('StatusListFetcher: status lists over HTTP from allowed origins only (loopback)', () => {
  const bank = newIssuer();
  const stranger = newIssuer();
  const lists = new Map<string, ServedList>();
  const hanging: ServerResponse[] = [];
  let server: Listener;
  let outside: Listener;
  const clock = {
    at: new Date(),
    now() {
      return this.at;
    },
  } as Clock & { at: Date };
  const issuers = issuerResolverFrom(new DidResolutionService({ web: false }));

  const sign = (issuer: Issuer, payload: Json) => signVcJwt(payload, issuer.signer);
  const etagOf = (path: string, list: ServedList) => `"${path}.${list.version}"`;

  beforeAll(async () => {
    server = await listen((request, response) => {
      const path = request.url ?? '';
      if (path === '/hang') return void hanging.push(response);
      if (path === '/big') return void response.end('x'.repeat(300 * 1024));
      if (path === '/redirect') {
        response.writeHead(302, { location: `${outside.origin}/lists/elsewhere` });
        return void response.end();
      }
      const list = lists.get(path);
      if (!list) {
        response.writeHead(404);
        return void response.end();
      }
      const etag = etagOf(path, list);
      response.setHeader('cache-control', list.cacheControl);
      response.setHeader('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304);
        return void response.end();
      }
      const url = `${server.origin}${path}`;
      response.setHeader('content-type', 'application/vc+jwt');
      response.end(
        sign(list.issuer, {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          id: list.id ?? url,
          type: ['VerifiableCredential', 'BitstringStatusListCredential'],
          issuer: list.issuer.did,
          validFrom: new Date(clock.now().getTime() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          credentialSubject: {
            id: `${url}#list`,
            type: 'BitstringStatusList',
            statusPurpose: list.purpose,
            encodedList: encodeStatusList(list.bits),
            ttl: 60_000,
          },
        }),
      );
    });
    outside = await listen((_request, response) => response.end('{}'));
  });
  afterAll(async () => {
    for (const response of hanging) response.destroy();
    await server?.close();
    await outside?.close();
  });

  /** Serves a fresh pair of lists (revocation, suspension) of `issuer` and returns their paths. */
  function serveLists(issuer: Issuer = bank, cacheControl = 'public, max-age=60') {
    const base = `/lists/${randomUUID()}`;
    for (const purpose of ['revocation', 'suspension'] as const)
      lists.set(`${base}-${purpose}`, {
        purpose,
        bits: new Uint8Array(STATUS_LIST_LENGTH / 8),
        issuer,
        version: 1,
        cacheControl,
      });
    return { revocation: `${base}-revocation`, suspension: `${base}-suspension` };
  }

  function flip(path: string, index: number, value: boolean): void {
    const list = lists.get(path) as ServedList;
    setBit(list.bits, index, value);
    list.version++;
  }

  /** An OrganisationCredential of `issuer`, its status at index 42 of the lists at these URLs. */
  function credential(issuer: Issuer, revocationUrl: string, suspensionUrl: string, role = 'psp'): string {
    const entry = (purpose: string, url: string) => ({
      id: `${url}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: '42',
      statusListCredential: url,
    });
    return sign(issuer, {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:${randomUUID()}`,
      type: ['VerifiableCredential', 'OrganisationCredential'],
      issuer: issuer.did,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:harbour-bank', role },
      credentialStatus: [entry('revocation', revocationUrl), entry('suspension', suspensionUrl)],
    });
  }

  function verifierOf(options: { maxBytes?: number; timeoutMs?: number; trust?: TrustedIssuers } = {}) {
    const fetcher = new StatusListFetcher({
      allowedOrigins: [server.origin],
      issuers,
      clock,
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
    });
    return new CredentialVerifier({ issuers, statusLists: fetcher, clock, trust: options.trust });
  }

  const codes = (verdict: Verdict) => verdict.problems.map((problem) => problem.code);
  const requestsTo = (path: string) => server.requests.filter((request) => request.path === path);

  it('verifies a good credential, fetching both of its status lists', async () => {
    const paths = serveLists();
    const jws = credential(
      bank,
      `${server.origin}${paths.revocation}`,
      `${server.origin}${paths.suspension}`,
    );
    const verdict = await verifierOf().verify(jws);
    expect(verdict).toMatchObject({ verified: true, problems: [] });
    expect(verdict.checks.status).toBe('passed');
    expect([requestsTo(paths.revocation).length, requestsTo(paths.suspension).length]).toEqual([1, 1]);
  });

  it('sees a revoked and a suspended bit', async () => {
    const paths = serveLists();
    const jws = credential(
      bank,
      `${server.origin}${paths.revocation}`,
      `${server.origin}${paths.suspension}`,
    );
    flip(paths.suspension, 42, true);
    expect(codes(await verifierOf().verify(jws))).toEqual(['SUSPENDED']);
    flip(paths.revocation, 42, true);
    expect(codes(await verifierOf().verify(jws))).toEqual(['REVOKED', 'SUSPENDED']);
  });

  it('refuses a status URL outside the allowed origins without any connection, and does not follow a redirect there', async () => {
    const paths = serveLists();
    const jws = credential(bank, `${outside.origin}/lists/x`, `${server.origin}/redirect`);
    const verdict = await verifierOf().verify(jws);
    expect(codes(verdict)).toEqual(['STATUS_RETRIEVAL_ERROR', 'STATUS_RETRIEVAL_ERROR']);
    expect(verdict.problems[0]?.detail).toContain('not under the origins');
    expect(verdict.problems[1]?.detail).toContain('redirects are not followed');
    expect(outside.connections).toBe(0);
    expect(requestsTo(paths.revocation)).toEqual([]);
  });

  it('reuses a list for its max-age, then revalidates it with its ETag (304) and sees a change after', async () => {
    const paths = serveLists();
    const jws = credential(
      bank,
      `${server.origin}${paths.revocation}`,
      `${server.origin}${paths.suspension}`,
    );
    const verifier = verifierOf();
    expect((await verifier.verify(jws)).verified).toBe(true);
    expect((await verifier.verify(jws)).verified).toBe(true);
    expect(requestsTo(paths.revocation)).toHaveLength(1);

    clock.at = new Date(clock.at.getTime() + 61_000);
    expect((await verifier.verify(jws)).verified).toBe(true);
    expect(requestsTo(paths.revocation).map((request) => request.ifNoneMatch)).toEqual([
      undefined,
      etagOf(paths.revocation, lists.get(paths.revocation) as ServedList),
    ]);
    // The 304 renewed the list's freshness: no request within the next max-age.
    flip(paths.revocation, 42, true);
    expect((await verifier.verify(jws)).verified).toBe(true);
    expect(requestsTo(paths.revocation)).toHaveLength(2);

    clock.at = new Date(clock.at.getTime() + 61_000);
    expect(codes(await verifier.verify(jws))).toEqual(['REVOKED']);
    expect(requestsTo(paths.revocation)).toHaveLength(3);
  });

  it('asks again every time when the server says no-store', async () => {
    const paths = serveLists(bank, 'no-store');
    const jws = credential(
      bank,
      `${server.origin}${paths.revocation}`,
      `${server.origin}${paths.suspension}`,
    );
    const verifier = verifierOf();
    await verifier.verify(jws);
    await verifier.verify(jws);
    expect(requestsTo(paths.revocation).map((request) => request.ifNoneMatch)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('refuses a body over the cap, and a server that does not answer in time', async () => {
    const verdict = await verifierOf({ maxBytes: 256 * 1024, timeoutMs: 300 }).verify(
      credential(bank, `${server.origin}/big`, `${server.origin}/hang`),
    );
    expect(codes(verdict)).toEqual(['STATUS_RETRIEVAL_ERROR', 'STATUS_RETRIEVAL_ERROR']);
    expect(verdict.problems[0]?.detail).toContain('larger than 262144 bytes');
    expect(verdict.problems[1]?.detail).toContain('no answer within 300 ms');
  });

  it("refuses a list signed by another issuer than the credential's, a list served under another id, and a forged list", async () => {
    const others = serveLists(stranger);
    const own = serveLists();
    (lists.get(own.suspension) as ServedList).id = `${server.origin}${others.suspension}`;
    const verdict = await verifierOf().verify(
      credential(bank, `${server.origin}${others.revocation}`, `${server.origin}${own.suspension}`),
    );
    expect(codes(verdict)).toEqual(['STATUS_VERIFICATION_ERROR', 'STATUS_VERIFICATION_ERROR']);
    expect(verdict.problems[0]?.detail).toContain(`belongs to ${stranger.did}`);
    expect(verdict.problems[1]?.detail).toContain('not its URL');

    // A list naming the bank as issuer but signed with the stranger's key under the bank's kid.
    const forged = serveLists();
    lists.set(forged.revocation, {
      ...(lists.get(forged.revocation) as ServedList),
      issuer: { did: bank.did, signer: { kid: bank.signer.kid, privateKey: stranger.signer.privateKey } },
    });
    const forgedVerdict = await verifierOf().verify(
      credential(bank, `${server.origin}${forged.revocation}`, `${server.origin}${forged.suspension}`),
    );
    expect(codes(forgedVerdict)).toEqual(['STATUS_VERIFICATION_ERROR']);
    expect(forgedVerdict.problems[0]?.detail).toContain('INVALID_SIGNATURE');
  });

  it('refuses an issuer the policy does not trust (fetching nothing) and a credential of the wrong role', async () => {
    const trust = new TrustedIssuers([{ type: 'OrganisationCredential', role: 'psp', issuers: [bank.did] }]);
    const strangerPaths = serveLists(stranger);
    const untrusted = await verifierOf({ trust }).verify(
      credential(
        stranger,
        `${server.origin}${strangerPaths.revocation}`,
        `${server.origin}${strangerPaths.suspension}`,
      ),
    );
    expect(codes(untrusted)).toEqual(['ISSUER_NOT_TRUSTED']);
    expect(requestsTo(strangerPaths.revocation)).toEqual([]);

    const paths = serveLists();
    const agency = credential(
      bank,
      `${server.origin}${paths.revocation}`,
      `${server.origin}${paths.suspension}`,
      'agency',
    );
    expect(codes(await verifierOf().verify(agency, { role: 'psp' }))).toEqual(['ROLE_MISMATCH']);
    expect(
      (
        await verifierOf({ trust }).verify(
          credential(bank, `${server.origin}${paths.revocation}`, `${server.origin}${paths.suspension}`),
          { type: 'OrganisationCredential', role: 'psp' },
        )
      ).verified,
    ).toBe(true);
  });
});
