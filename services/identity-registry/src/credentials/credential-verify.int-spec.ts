import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  didKeyFromPublicKey,
  publicJwkFromKeyObject,
  didKeyVerificationMethodId,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
} from '@dpi/did';

import { SandboxClock } from '../dids/sandbox.clock';
import { newIdentity } from '../dids/registry.test-harness';
import {
  payloadOf,
  signJws,
  startCredentialRegistry,
  type CredentialRegistry,
} from './credentials.test-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VC_HEADER = { typ: 'vc+jwt', cty: 'vc' };

/** A minimal VC 2.0 credential of `issuer`, valid now. */
function credentialOf(issuer: string, extra: Json = {}): Json {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OrganisationCredential'],
    issuer,
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    credentialSubject: { id: 'did:example:subject', role: 'agency' },
    ...extra,
  };
}

describe('identity-registry credential verification (real PostgreSQL)', () => {
  let registry: CredentialRegistry;
  let issued: Json;
  // A did:key issuer: the verifier resolves any method the registry resolves.
  const keyIssuer = generateEd25519KeyPair();
  const keyDid = didKeyFromPublicKey(keyIssuer.publicKey);
  const keyKid = didKeyVerificationMethodId(keyDid);
  const signedByKeyDid = (payload: Json, header: Json = {}) =>
    signJws({ ...VC_HEADER, kid: keyKid, ...header }, payload, keyIssuer.privateKey);

  // A did:web issuer served over plain HTTP on loopback (DID_WEB_ALLOW_HTTP_LOCALHOST, as in labs):
  // #key-1 an Ed25519 key, #p256 a P-256 key this verifier does not support.
  const webIssuer = generateEd25519KeyPair();
  let webServer: Server;
  let webDid: string;

  beforeAll(async () => {
    webServer = createServer((request, response) => {
      const id = webDid;
      const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
      response.setHeader('content-type', 'application/json');
      response.end(
        request.url === '/.well-known/did.json'
          ? JSON.stringify({
              '@context': ['https://www.w3.org/ns/did/v1'],
              id,
              verificationMethod: [
                {
                  id: `${id}#key-1`,
                  type: 'JsonWebKey',
                  controller: id,
                  publicKeyJwk: publicJwkFromKeyObject(webIssuer.publicKey),
                },
                { id: `${id}#p256`, type: 'JsonWebKey', controller: id, publicKeyJwk: p256 },
              ],
              assertionMethod: [`${id}#key-1`, `${id}#p256`],
            })
          : '{}',
      );
    });
    await new Promise<void>((resolve) => webServer.listen(0, '127.0.0.1', resolve));
    webDid = `did:web:127.0.0.1%3A${(webServer.address() as AddressInfo).port}`;
    registry = await startCredentialRegistry({ DID_WEB_ALLOW_HTTP_LOCALHOST: 'true' });
    const subject = await registry.createDid();
    issued = (
      await registry.issue({
        type: 'OrganisationCredential',
        credentialSubject: { id: subject.did, role: 'agency' },
      })
    ).body;
  });
  afterAll(async () => {
    await registry?.close();
    await new Promise((resolve) => webServer?.close(resolve));
  });

  /** Verifies and expects exactly these problem codes (in order). */
  async function refusedWith(jws: string, ...codes: string[]): Promise<Json> {
    const answer = await registry.verify(jws);
    expect(answer.status).toBe(200);
    expect(answer.body.verified).toBe(false);
    expect(answer.body.problems.map((problem: Json) => problem.code)).toEqual(codes);
    for (const problem of answer.body.problems as Json[])
      expect(answer.body.checks[problem.check]).toBe('failed');
    return answer.body;
  }

  it('accepts a credential of a did:key issuer, EdDSA as the alg name and no cty', async () => {
    const answer = await registry.verify(
      signedByKeyDid(credentialOf(keyDid), { alg: 'EdDSA', cty: undefined }),
    );
    expect(answer.body).toMatchObject({ verified: true, issuer: keyDid, kid: keyKid });
    expect(answer.body.checks.status).toBe('skipped');
  });

  it('accepts a credential of a did:web issuer, resolved by the registry', async () => {
    const jws = signJws({ ...VC_HEADER, kid: `${webDid}#key-1` }, credentialOf(webDid), webIssuer.privateKey);
    expect((await registry.verify(jws)).body).toMatchObject({ verified: true, issuer: webDid });
  });

  it('UNSUPPORTED_KEY: the issuer lists a key type this verifier does not support (P-256)', async () => {
    await refusedWith(
      signJws({ ...VC_HEADER, kid: `${webDid}#p256` }, credentialOf(webDid), webIssuer.privateKey),
      'UNSUPPORTED_KEY',
    );
  });

  it('UNSUPPORTED_CRITICAL_HEADER: a crit header naming an extension (the signature is then not checked)', async () => {
    const body = await refusedWith(
      signJws(
        { ...VC_HEADER, kid: keyKid, crit: ['exp'], exp: 1 },
        credentialOf(keyDid),
        keyIssuer.privateKey,
      ),
      'UNSUPPORTED_CRITICAL_HEADER',
    );
    expect(body.checks.signature).toBe('skipped');
  });

  it('MALFORMED_JWS: not three base64url parts', async () => {
    const body = await refusedWith('hello.world', 'MALFORMED_JWS');
    expect(body).toMatchObject({ credential: null, issuer: null });
    expect(body.checks).toMatchObject({ format: 'failed', signature: 'skipped' });
  });

  it('MALFORMED_PAYLOAD: a JWS whose payload is not a JSON object', async () => {
    await refusedWith(
      signJws({ ...VC_HEADER, kid: keyKid }, 'just text', keyIssuer.privateKey),
      'MALFORMED_PAYLOAD',
    );
  });

  it('INVALID_SIGNATURE: the payload changed after signing (bad signature)', async () => {
    const [header, , signature] = (issued.verifiableCredential as string).split('.');
    const forged = {
      ...payloadOf(issued.verifiableCredential),
      credentialSubject: { ...issued.credential.credentialSubject, role: 'central-bank' },
    };
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const body = await refusedWith(tampered, 'INVALID_SIGNATURE');
    expect(body.checks).toMatchObject({ issuer: 'passed', signature: 'failed' });
  });

  it('INVALID_SIGNATURE: signed by another key under the issuer kid', async () => {
    const payload = payloadOf(issued.verifiableCredential);
    await refusedWith(
      signJws({ ...VC_HEADER, kid: `${issued.issuer}#key-1` }, payload, generateEd25519KeyPair().privateKey),
      'INVALID_SIGNATURE',
    );
  });

  it('INVALID_TYP, INVALID_CTY: a JWS that does not say it is a vc+jwt', async () => {
    const key = await registry.issuerKey();
    const payload = payloadOf(issued.verifiableCredential);
    await refusedWith(
      signJws({ kid: `${issued.issuer}#key-1`, typ: 'JWT', cty: 'vc' }, payload, key),
      'INVALID_TYP',
    );
    await refusedWith(
      signJws({ kid: `${issued.issuer}#key-1`, typ: 'vc+jwt', cty: 'vp' }, payload, key),
      'INVALID_CTY',
    );
  });

  it('UNSUPPORTED_ALGORITHM: alg other than Ed25519 (the signature is then not checked)', async () => {
    const [, payload, signature] = (issued.verifiableCredential as string).split('.');
    const header = Buffer.from(
      JSON.stringify({ alg: 'HS256', typ: 'vc+jwt', kid: `${issued.issuer}#key-1` }),
    ).toString('base64url');
    const body = await refusedWith(`${header}.${payload}.${signature}`, 'UNSUPPORTED_ALGORITHM');
    expect(body.checks.signature).toBe('skipped');
  });

  it('MISSING_KID: no kid, or a kid that is not a DID URL with a fragment', async () => {
    await refusedWith(signJws({ ...VC_HEADER }, credentialOf(keyDid), keyIssuer.privateKey), 'MISSING_KID');
    await refusedWith(signedByKeyDid(credentialOf(keyDid), { kid: keyDid }), 'MISSING_KID');
  });

  it('INVALID_CREDENTIAL: not VC 2.0 (v1 context, a JWT vc claim, no subject)', async () => {
    const body = await refusedWith(
      signedByKeyDid({
        ...credentialOf(keyDid, { '@context': ['https://www.w3.org/2018/credentials/v1'] }),
        vc: {},
        credentialSubject: undefined,
      }),
      'INVALID_CREDENTIAL',
    );
    expect(body.problems[0].detail).toMatch(/@context.*vc and vp.*credentialSubject|@context/);
  });

  it('KID_NOT_ISSUER: signed with a key of another DID than the issuer', async () => {
    await refusedWith(signedByKeyDid(credentialOf(issued.issuer as string)), 'KID_NOT_ISSUER');
  });

  it('ISSUER_NOT_FOUND: an unknown issuer (a did:dpi never registered)', async () => {
    const stranger = newIdentity();
    await refusedWith(
      signJws({ ...VC_HEADER, kid: stranger.kid }, credentialOf(stranger.did), stranger.privateKey),
      'ISSUER_NOT_FOUND',
    );
  });

  it('ISSUER_UNRESOLVABLE: an issuer of a method the registry does not resolve', async () => {
    await refusedWith(
      signJws(
        { ...VC_HEADER, kid: 'did:example:issuer#key-1' },
        credentialOf('did:example:issuer'),
        keyIssuer.privateKey,
      ),
      'ISSUER_UNRESOLVABLE',
    );
  });

  it('ISSUER_DEACTIVATED: the issuer deactivated its DID after signing', async () => {
    const issuer = await registry.createDid();
    const jws = signJws({ ...VC_HEADER, kid: issuer.kid }, credentialOf(issuer.did), issuer.privateKey);
    expect((await registry.verify(jws)).body.verified).toBe(true);
    await registry.deactivateDid(issuer);
    await refusedWith(jws, 'ISSUER_DEACTIVATED');
  });

  it('UNKNOWN_KID and KEY_NOT_ASSERTION_METHOD: the kid is not an assertion key of the issuer', async () => {
    const issuer = newIdentity();
    const other = generateEd25519KeyPair();
    await registry.createDid(
      {
        ...issuer.document,
        verificationMethod: [
          ...(issuer.document.verificationMethod as Json[]),
          {
            id: '#auth-only',
            type: 'Multikey',
            publicKeyMultibase: ed25519MultibaseFromPublicKey(other.publicKey),
          },
        ],
        authentication: ['#key-1', '#auth-only'],
      },
      issuer,
    );
    await refusedWith(
      signJws({ ...VC_HEADER, kid: `${issuer.did}#key-9` }, credentialOf(issuer.did), issuer.privateKey),
      'UNKNOWN_KID',
    );
    await refusedWith(
      signJws({ ...VC_HEADER, kid: `${issuer.did}#auth-only` }, credentialOf(issuer.did), other.privateKey),
      'KEY_NOT_ASSERTION_METHOD',
    );
  });

  it('NOT_YET_VALID and EXPIRED: outside the validity period', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await refusedWith(signedByKeyDid(credentialOf(keyDid, { validFrom: future })), 'NOT_YET_VALID');
    await refusedWith(
      signedByKeyDid(credentialOf(keyDid, { validFrom: '2020-01-01T00:00:00Z', validUntil: past })),
      'EXPIRED',
    );
  });

  it('STATUS_RETRIEVAL_ERROR: a status list this registry does not serve', async () => {
    const entry = {
      id: 'https://elsewhere.example/status/1#7',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '7',
      statusListCredential: 'https://elsewhere.example/status/1',
    };
    await refusedWith(
      signedByKeyDid(credentialOf(keyDid, { credentialStatus: entry })),
      'STATUS_RETRIEVAL_ERROR',
    );
  });

  it("STATUS_VERIFICATION_ERROR: another issuer's list, the wrong purpose, an index outside the list, an unknown entry type", async () => {
    const [revocation] = issued.credential.credentialStatus as Json[];
    await refusedWith(
      signedByKeyDid(credentialOf(keyDid, { credentialStatus: revocation })),
      'STATUS_VERIFICATION_ERROR',
    );
    const key = await registry.issuerKey();
    const own = (credentialStatus: unknown) =>
      signJws(
        { ...VC_HEADER, kid: `${issued.issuer}#key-1` },
        credentialOf(issued.issuer, { credentialStatus }),
        key,
      );
    await refusedWith(own({ ...revocation, statusPurpose: 'suspension' }), 'STATUS_VERIFICATION_ERROR');
    await refusedWith(own({ ...revocation, statusListIndex: '131072' }), 'STATUS_VERIFICATION_ERROR');
    await refusedWith(own({ ...revocation, type: 'StatusList2021Entry' }), 'STATUS_VERIFICATION_ERROR');
    expect((await registry.verify(own(revocation))).body.verified).toBe(true);
  });

  it('reports every reason at once: a revoked, tampered credential of a wrong typ', async () => {
    const answer = (
      await registry.issue({
        type: 'OrganisationCredential',
        credentialSubject: issued.credential.credentialSubject,
      })
    ).body;
    await registry.change(answer.id, 'revoke');
    const payload = { ...payloadOf(answer.verifiableCredential), validUntil: '2020-01-01T00:00:00Z' };
    const jws = signJws(
      { kid: `${answer.issuer}#key-1`, typ: 'JWT', cty: 'vc' },
      payload,
      generateEd25519KeyPair().privateKey,
    );
    await refusedWith(jws, 'INVALID_TYP', 'INVALID_SIGNATURE', 'EXPIRED', 'REVOKED');
  });

  it('refuses a request without a credential string (400 VALIDATION_FAILED)', async () => {
    const answer = await registry.call('POST', '/1.0/credentials/verify', '/1.0/credentials/verify', {
      body: { credential: issued.verifiableCredential },
      token: null,
    });
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  // Last: it moves the registry's clock, which the other tests read.
  it('EXPIRED by the sandbox clock: the same credential verifies today and not once the clock passes validUntil', async () => {
    expect((await registry.verify(issued.verifiableCredential)).body.verified).toBe(true);
    registry.service.app.get(SandboxClock).advance(366 * 86_400_000);
    await refusedWith(issued.verifiableCredential, 'EXPIRED');
  });
});
