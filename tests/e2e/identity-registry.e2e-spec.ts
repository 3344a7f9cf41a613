import { Resolver } from 'did-resolver';

import {
  didDpiFromPublicKey,
  DidDpiRegistrarClient,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
  getResolver,
  publicJwkFromKeyObject,
  signDidSigningRequest,
} from '@dpi/did';

import { startRegistrySandbox, type RegistrySandbox } from './e2e-sandbox.util';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type KeyObject = ReturnType<typeof generateEd25519KeyPair>['privateKey'];

function keyDocument(publicKey: KeyObject, fragment: string): Json {
  return {
    verificationMethod: [
      { id: `#${fragment}`, type: 'Multikey', publicKeyMultibase: ed25519MultibaseFromPublicKey(publicKey) },
    ],
    authentication: [`#${fragment}`],
    assertionMethod: [`#${fragment}`],
    capabilityInvocation: [`#${fragment}`],
  };
}

// The built identity-registry alone, started as `npm start` starts it, against the run's Kafka and PostgreSQL.
describe('identity-registry over HTTP (e2e)', () => {
  let sandbox: RegistrySandbox | undefined;
  let url: string;

  async function call(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; contentType: string; body: Json }> {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: text ? (JSON.parse(text) as Json) : {},
    };
  }
  const post = (path: string, body: unknown) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const resolve = (did: string, accept = 'application/did-resolution', query = '') =>
    call(`/1.0/identifiers/${did}${query}`, { headers: { accept } });

  beforeAll(async () => {
    sandbox = await startRegistrySandbox('identity-e2e');
    url = sandbox.url;
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
  }, 60_000);

  describe('a resident keeps their own keys', () => {
    const first = generateEd25519KeyPair();
    const second = generateEd25519KeyPair();
    const did = didDpiFromPublicKey(first.publicKey);
    let created: string;

    it('creates a DID with their own key: signing request, then signature', async () => {
      const asked = await post('/1.0/create?method=dpi', {
        didDocument: keyDocument(first.publicKey, 'key-1'),
      });
      expect(asked.status).toBe(200);
      expect(asked.body.didState).toMatchObject({ state: 'action', action: 'signPayload', did });
      const signingResponse = signDidSigningRequest(
        asked.body.didState.signingRequest.signingRequest1,
        first.privateKey,
      );
      const done = await post('/1.0/create?method=dpi', {
        jobId: asked.body.jobId,
        didDocument: keyDocument(first.publicKey, 'key-1'),
        secret: { signingResponse: { signingRequest1: signingResponse } },
      });
      expect(done.status).toBe(201);
      expect(done.body.didState).toMatchObject({ state: 'finished', did });
      created = done.body.didDocumentMetadata.created;
    });

    it('resolves it', async () => {
      const answer = await resolve(did);
      expect(answer.status).toBe(200);
      expect(answer.body.didDocument.capabilityInvocation).toEqual([`${did}#key-1`]);
      expect(answer.body.didDocumentMetadata).toEqual({ created, versionId: '1' });
    });

    it('rotates the key by an update and resolves the new version', async () => {
      const updated = await new DidDpiRegistrarClient(url).update(
        did,
        keyDocument(second.publicKey, 'key-2'),
        first.privateKey,
      );
      expect(updated.status).toBe(200);
      const answer = await resolve(did, 'application/did+ld+json');
      expect(answer.body.verificationMethod[0].id).toBe(`${did}#key-2`);
    });

    it('resolves the old version by versionId and by versionTime', async () => {
      const byId = await resolve(did, 'application/did-resolution', '?versionId=1');
      expect(byId.body.didDocument.verificationMethod[0].id).toBe(`${did}#key-1`);
      expect(byId.body.didDocumentMetadata).toMatchObject({ versionId: '1', nextVersionId: '2' });
      const byTime = await resolve(did, 'application/did-resolution', `?versionTime=${created}`);
      expect(byTime.status).toBe(200);
    });

    it('resolves through the libs/did driver as any TypeScript project would', async () => {
      const resolver = new Resolver({ ...getResolver(url) });
      expect((await resolver.resolve(did)).didDocumentMetadata.versionId).toBe('2');
      expect((await resolver.resolve(`${did}?versionId=1`)).didDocument?.verificationMethod?.[0]?.id).toBe(
        `${did}#key-1`,
      );
      expect(
        (await resolver.resolve(didDpiFromPublicKey(generateEd25519KeyPair().publicKey)))
          .didResolutionMetadata.error,
      ).toBe('notFound');
      expect((await resolver.resolve('did:dpi:0OIl0OIl0OIl0OIl0OIl')).didResolutionMetadata.error).toBe(
        'invalidDid',
      );
    });

    it('refuses the rotated-out key (403) and a replayed update (409)', async () => {
      const old = await new DidDpiRegistrarClient(url).update(
        did,
        keyDocument(first.publicKey, 'key-1'),
        first.privateKey,
        `${did}#key-1`,
      );
      expect({ status: old.status, code: old.body.code }).toEqual({ status: 403, code: 'NOT_AUTHORIZED' });
      const didDocument = {
        ...keyDocument(second.publicKey, 'key-2'),
        alsoKnownAs: ['https://resident.example'],
      };
      const asked = await post('/1.0/update', { did, didDocument });
      const signingRequest1 = signDidSigningRequest(
        asked.body.didState.signingRequest.signingRequest1,
        second.privateKey,
      );
      // Sent without its job, the signed update is a self-contained operation bound to version 2.
      const update = {
        did,
        didDocument,
        options: { previousVersionId: '2' },
        secret: { signingResponse: { signingRequest1 } },
      };
      expect((await post('/1.0/update', update)).status).toBe(200);
      const replayed = await post('/1.0/update', update);
      expect({ status: replayed.status, code: replayed.body.code }).toEqual({
        status: 409,
        code: 'STALE_VERSION',
      });
    });

    it('deactivates it; resolution then answers 410, through the driver too', async () => {
      const done = await new DidDpiRegistrarClient(url).deactivate(did, second.privateKey, `${did}#key-2`);
      expect(done.status).toBe(200);
      const answer = await resolve(did);
      expect(answer.status).toBe(410);
      expect(answer.body.didDocumentMetadata).toMatchObject({ deactivated: true });
      expect((await resolve(did, 'application/did+json')).body).toMatchObject({
        status: 410,
        code: 'DEACTIVATED',
      });
      expect((await new Resolver(getResolver(url)).resolve(did)).didDocumentMetadata.deactivated).toBe(true);
    });
  });

  describe('bad input gets a precise status and a problem a person can act on', () => {
    it.each([
      ['not-a-did', 'application/did+ld+json', 400, 'https://www.w3.org/ns/did#INVALID_DID'],
      [
        'did:unsupported:123456789abcdefghi',
        'application/did+ld+json',
        501,
        'https://www.w3.org/ns/did#METHOD_NOT_SUPPORTED',
      ],
      [
        'did:dpi:LeeSNtAvGgEYGxjDCvrdVB',
        'application/did+ld+json',
        404,
        'https://www.w3.org/ns/did#NOT_FOUND',
      ],
      [
        'did:dpi:LeeSNtAvGgEYGxjDCvrdVB',
        'text/html',
        406,
        'https://www.w3.org/ns/did#REPRESENTATION_NOT_SUPPORTED',
      ],
    ])('GET %s (Accept %s) answers %d %s', async (identifier, accept, status, type) => {
      const answer = await resolve(identifier, accept);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status, type });
    });

    it('answers the resolution-result dialect with the DID Core error keyword', async () => {
      const answer = await resolve('not-a-did', 'application/did-resolution');
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        didDocument: null,
        didDocumentMetadata: {},
        didResolutionMetadata: { error: 'invalidDid' },
      });
    });

    it('refuses a JWK with its private part, a bad signature and an unsupported key type', async () => {
      const { privateKey, publicKey } = generateEd25519KeyPair();
      const withD = {
        ...publicJwkFromKeyObject(publicKey),
        ['d']: privateKey.export({ format: 'jwk' }).d as string,
      };
      const leaked = await post('/1.0/create?method=dpi', {
        didDocument: {
          verificationMethod: [{ id: '#k', type: 'JsonWebKey', publicKeyJwk: withD }],
          capabilityInvocation: ['#k'],
        },
      });
      expect({ status: leaked.status, code: leaked.body.code, state: leaked.body.didState.state }).toEqual({
        status: 400,
        code: 'PRIVATE_KEY_MATERIAL',
        state: 'failed',
      });
      expect(JSON.stringify(leaked.body)).not.toContain(withD.d);
      const asked = await post('/1.0/create?method=dpi', { didDocument: keyDocument(publicKey, 'k') });
      const forged = await post('/1.0/create?method=dpi', {
        jobId: asked.body.jobId,
        didDocument: keyDocument(publicKey, 'k'),
        secret: {
          signingResponse: {
            signingRequest1: signDidSigningRequest(
              asked.body.didState.signingRequest.signingRequest1,
              generateEd25519KeyPair().privateKey,
            ),
          },
        },
      });
      expect({ status: forged.status, code: forged.body.code }).toEqual({
        status: 400,
        code: 'INVALID_SIGNATURE',
      });
      const p256 = await post('/1.0/create?method=dpi', {
        didDocument: {
          verificationMethod: [
            { id: '#k', type: 'JsonWebKey', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } },
          ],
          capabilityInvocation: ['#k'],
        },
      });
      expect({ status: p256.status, code: p256.body.code }).toEqual({
        status: 400,
        code: 'UNSUPPORTED_KEY_TYPE',
      });
      expect((await resolve(didDpiFromPublicKey(publicKey))).status).toBe(404);
    });
  });
});
