import type { KeyObject } from 'node:crypto';

import {
  didDpiFromPublicKey,
  DidDpiRegistrarClient,
  didOperationPayload,
  didOperationSigningInput,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
  publicJwkFromKeyObject,
  signDidSigningRequest,
} from '@dpi/did';
import { DID_EVENTS_TOPIC } from '@dpi/messaging';

import { DidService } from './did.service';
import {
  http,
  keyDocument,
  newIdentity,
  publishedEvents,
  startRegistry,
  type RegistryUnderTest,
} from './registry.test-harness';
import { ResolutionService } from './resolution.service';
import { SandboxClock } from './sandbox.clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('identity-registry DIDs (real PostgreSQL)', () => {
  let registry: RegistryUnderTest;
  let client: DidDpiRegistrarClient;

  beforeAll(async () => {
    registry = await startRegistry();
    client = new DidDpiRegistrarClient(registry.url);
  });
  afterAll(async () => {
    await registry?.close();
  });

  const resolve = (did: string, accept?: string, query = '', headers: Record<string, string> = {}) =>
    registry.resolve(did, accept, query, headers);

  /** POSTs to the registrar and checks the answer against the contract. */
  async function register(path: string, body: unknown) {
    const answer = await http(`${registry.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    registry.contract.assertValid({
      path: path.split('?')[0] as string,
      method: 'POST',
      status: answer.status,
      contentType: answer.contentType,
      body: answer.body,
    });
    return answer as typeof answer & { body: Json };
  }

  /** Expects a refused registrar call: its status, code and failed state, and an unchanged database. */
  async function refused(path: string, body: unknown, status: number, code: string) {
    const before = await registry.snapshot();
    const answer = await register(path, body);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.didState).toMatchObject({ state: 'failed', reason: answer.body.detail });
    expect(await registry.snapshot()).toEqual(before);
    return answer.body;
  }

  describe('lifecycle over the Universal Registrar API', () => {
    const alice = newIdentity();
    const rotated = generateEd25519KeyPair();
    let createdAt: string;
    let rotatedAt: string;

    it('answers a create with a signing request for the DID derived from the inception key', async () => {
      const answer = await register('/1.0/create?method=dpi', {
        didDocument: alice.document,
        options: { clientSecretMode: true },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.didState).toMatchObject({ state: 'action', action: 'signPayload', did: alice.did });
      expect(answer.body.didState.signingRequest.signingRequest1).toMatchObject({
        kid: alice.kid,
        alg: 'Ed25519',
        payload: { operation: 'create', did: alice.did },
      });
      expect(answer.body.didState.didDocument.verificationMethod[0]).toMatchObject({
        id: alice.kid,
        controller: alice.did,
      });
    });

    it('creates the DID once the client signs, and resolves it', async () => {
      const answer = await client.create(alice.document, alice.privateKey);
      expect(answer.status).toBe(201);
      expect(answer.body.didState).toMatchObject({ state: 'finished', did: alice.did });
      const resolved = await resolve(alice.did, 'application/did-resolution');
      expect(resolved.status).toBe(200);
      const body = resolved.body as Json;
      expect(body.didDocument.id).toBe(alice.did);
      expect(body.didDocumentMetadata).toEqual({ created: expect.stringMatching(/Z$/), versionId: '1' });
      expect(body.didResolutionMetadata).toEqual({ contentType: 'application/did' });
      expect(resolved.headers.get('etag')).toBe('"1-result"');
      createdAt = body.didDocumentMetadata.created;
    });

    it('negotiates the document representations and revalidates with If-None-Match', async () => {
      const ld = await resolve(alice.did, 'application/did+ld+json');
      expect(ld.contentType).toBe('application/did+ld+json');
      expect((ld.body as Json)['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
      const plain = await resolve(alice.did, 'application/did+json');
      expect(plain.body).not.toHaveProperty('@context');
      expect((await resolve(alice.did, 'application/did')).contentType).toBe('application/did');
      const any = await resolve(alice.did, '*/*');
      expect(any.contentType).toBe('application/did-resolution');
      const none = await resolve(alice.did);
      expect(none.contentType).toBe('application/did-resolution');
      const cached = await resolve(alice.did, 'application/did+ld+json', '', {
        'if-none-match': ld.headers.get('etag') as string,
      });
      expect(cached.status).toBe(304);
      expect(ld.headers.get('cache-control')).toBe('no-cache');
      expect(ld.headers.get('vary')).toBe('Accept');
    });

    it('rotates the key by an update signed with the current key', async () => {
      const document = keyDocument(rotated.publicKey, 'key-2');
      const answer = await client.update(alice.did, document, alice.privateKey);
      expect(answer.status).toBe(200);
      expect(answer.body.didDocumentMetadata).toMatchObject({ versionId: '2', created: createdAt });
      const resolved = (await resolve(alice.did, 'application/did-resolution')).body as Json;
      expect(resolved.didDocument.verificationMethod[0].id).toBe(`${alice.did}#key-2`);
      expect(resolved.didDocumentMetadata).toMatchObject({ versionId: '2', updated: expect.any(String) });
      rotatedAt = resolved.didDocumentMetadata.updated;
    });

    it('resolves the old version by versionId and by versionTime, announcing the next one', async () => {
      const byId = (await resolve(alice.did, 'application/did-resolution', '?versionId=1')).body as Json;
      expect(byId.didDocument.verificationMethod[0].id).toBe(alice.kid);
      expect(byId.didDocumentMetadata).toMatchObject({
        versionId: '1',
        nextVersionId: '2',
        created: createdAt,
      });
      const byTime = (await resolve(alice.did, 'application/did-resolution', `?versionTime=${createdAt}`))
        .body as Json;
      // Version times have second precision: when the rotation fell in the creation's second, that second's
      // state is the rotated one (the spec's rule); otherwise it is version 1.
      expect(byTime.didDocumentMetadata.versionId).toBe(rotatedAt === createdAt ? '2' : '1');
      const lastSecond = (await resolve(alice.did, 'application/did-resolution', `?versionTime=${rotatedAt}`))
        .body as Json;
      expect(lastSecond.didDocumentMetadata.versionId).toBe('2');
      const asDidUrl = (
        await resolve(encodeURIComponent(`${alice.did}?versionId=1`), 'application/did-resolution')
      ).body as Json;
      expect(asDidUrl.didDocumentMetadata.versionId).toBe('1');
      const pinned = await resolve(alice.did, 'application/did+ld+json', '?versionId=1');
      expect(pinned.headers.get('cache-control')).toContain('immutable');
      const before = await resolve(
        alice.did,
        'application/did-resolution',
        '?versionTime=2000-01-01T00:00:00Z',
      );
      expect(before.status).toBe(404);
    });

    it('refuses the old key now that it has rotated out (403)', async () => {
      await refused(
        '/1.0/update',
        await signedWith(alice.did, alice.privateKey, alice.kid, keyDocument(alice.publicKey), '2'),
        403,
        'NOT_AUTHORIZED',
      );
    });

    it('deactivates the DID; resolution then answers 410 in both dialects and further changes are refused', async () => {
      const answer = await client.deactivate(alice.did, rotated.privateKey, `${alice.did}#key-2`);
      expect(answer.status).toBe(200);
      expect(answer.body.didDocumentMetadata).toMatchObject({ deactivated: true, versionId: '3' });
      const result = await resolve(alice.did, 'application/did-resolution');
      expect(result.status).toBe(410);
      expect(result.body).toMatchObject({
        didDocument: null,
        didDocumentMetadata: { deactivated: true, versionId: '3' },
      });
      const problem = await resolve(alice.did, 'application/did+ld+json');
      expect(problem.status).toBe(410);
      expect(problem.body).toMatchObject({ code: 'DEACTIVATED', didDocumentMetadata: { deactivated: true } });
      expect((await resolve(alice.did, 'application/did-resolution', '?versionId=2')).status).toBe(200);
      await refused(
        '/1.0/update',
        { did: alice.did, didDocument: keyDocument(rotated.publicKey) },
        410,
        'DID_DEACTIVATED',
      );
      await refused('/1.0/create?method=dpi', { didDocument: alice.document }, 409, 'DID_ALREADY_EXISTS');
    });

    it('recorded one DID event per version, in order, in the same transactions', async () => {
      const events = await registry.sql<{ type: string; version_id: string; sequence: string }>(
        'SELECT type, version_id, sequence FROM did_event WHERE did = $1 ORDER BY sequence',
        [alice.did],
      );
      expect(events.map((event) => [event.type, event.version_id])).toEqual([
        ['created', '1'],
        ['updated', '2'],
        ['deactivated', '3'],
      ]);
    });

    it('published each event on identity.dids, keyed by the DID and signed by the registry, and they verify', async () => {
      const { messaging } = (await (await fetch(`${registry.url}/health/ready`)).json()) as {
        messaging: { did: string };
      };
      const events = await publishedEvents(registry, {
        topic: DID_EVENTS_TOPIC,
        types: 'org.dpi.identity.did.*',
        key: alice.did,
        count: 3,
      });
      expect(
        events.map((event) => ({ type: event.type, versionId: event.data.versionId, source: event.source })),
      ).toEqual([
        { type: 'org.dpi.identity.did.created.v1', versionId: '1', source: messaging.did },
        { type: 'org.dpi.identity.did.updated.v1', versionId: '2', source: messaging.did },
        { type: 'org.dpi.identity.did.deactivated.v1', versionId: '3', source: messaging.did },
      ]);
    }, 60_000);
  });

  /** A one-shot signed update or deactivation (the client builds the payload itself). */
  async function signedWith(
    did: string,
    privateKey: KeyObject,
    kid: string,
    didDocument: object | undefined,
    previousVersionId: string,
  ) {
    const service = registry.service.app.get(DidService);
    const normalised = didDocument
      ? ((await service.prepareChange('update', did, didDocument, previousVersionId).catch(() => undefined))
          ?.document ?? didDocument)
      : undefined;
    const payload = didOperationPayload({
      operation: didDocument ? 'update' : 'deactivate',
      did,
      previousVersionId,
      ...(normalised ? { document: normalised } : {}),
    });
    const serializedPayload = Buffer.from(didOperationSigningInput(payload, kid), 'ascii').toString(
      'base64url',
    );
    const signingResponse = signDidSigningRequest({ serializedPayload, kid, alg: 'Ed25519' }, privateKey);
    return {
      did,
      ...(didDocument ? { didDocument } : {}),
      options: { previousVersionId },
      secret: { signingResponse: { signingRequest1: signingResponse } },
    };
  }

  describe('refusals (each leaves the database as it was)', () => {
    const bob = newIdentity();

    beforeAll(async () => {
      expect((await client.create(bob.document, bob.privateKey)).status).toBe(201);
    });

    it('refuses a JWK carrying its private part without echoing it', async () => {
      const { privateKey, publicKey } = generateEd25519KeyPair();
      const jwk = {
        ...publicJwkFromKeyObject(publicKey),
        ['d']: privateKey.export({ format: 'jwk' }).d as string,
      };
      const body = await refused(
        '/1.0/create?method=dpi',
        {
          didDocument: {
            verificationMethod: [{ id: '#k', type: 'JsonWebKey', publicKeyJwk: jwk }],
            capabilityInvocation: ['#k'],
          },
        },
        400,
        'PRIVATE_KEY_MATERIAL',
      );
      expect(JSON.stringify(body)).not.toContain(jwk.d);
      expect(body.detail).toContain('publicKeyJwk.d');
    });

    it('refuses private key material in the secret (internal secret mode is not offered)', async () => {
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: bob.document, secret: { verificationMethod: [{ privateKeyMultibase: 'z3u2' }] } },
        400,
        'PRIVATE_KEY_MATERIAL',
      );
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: bob.document, options: { clientSecretMode: false } },
        400,
        'SECRET_MODE_NOT_SUPPORTED',
      );
    });

    it('refuses unsupported key types', async () => {
      const p256 = {
        kty: 'EC',
        crv: 'P-256',
        x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
        y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
      };
      await refused(
        '/1.0/create?method=dpi',
        {
          didDocument: {
            verificationMethod: [{ id: '#k', type: 'JsonWebKey', publicKeyJwk: p256 }],
            capabilityInvocation: ['#k'],
          },
        },
        400,
        'UNSUPPORTED_KEY_TYPE',
      );
      await refused(
        '/1.0/create?method=dpi',
        {
          didDocument: {
            verificationMethod: [
              {
                id: '#k',
                type: 'Multikey',
                publicKeyMultibase: 'z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW',
              },
            ],
            capabilityInvocation: ['#k'],
          },
        },
        400,
        'UNSUPPORTED_KEY_TYPE',
      );
    });

    it('refuses malformed and inconsistent documents with field errors', async () => {
      const body = await refused(
        '/1.0/create?method=dpi',
        { didDocument: { ...bob.document, nickname: 'Bob' } },
        400,
        'INVALID_DID_DOCUMENT',
      );
      expect(body.errors).toEqual([{ field: 'nickname', message: 'is not a member this registry accepts' }]);
      const other = newIdentity();
      const dangling = await refused(
        '/1.0/create?method=dpi',
        {
          didDocument: {
            ...other.document,
            assertionMethod: ['#missing'],
            service: [{ id: '#s', type: 'X', serviceEndpoint: 'http://example.com' }],
          },
        },
        400,
        'INVALID_DID_DOCUMENT',
      );
      expect(dangling.errors.map((error: Json) => error.field)).toEqual([
        'didDocument.assertionMethod[0]',
        'didDocument.service[0].serviceEndpoint',
      ]);
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: { ...other.document, id: bob.did } },
        400,
        'DID_MISMATCH',
      );
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: { verificationMethod: [] } },
        400,
        'INVALID_DID_DOCUMENT',
      );
    });

    it('refuses an oversized document', async () => {
      const other = newIdentity();
      const service = Array.from({ length: 18 }, (_, i) => ({
        id: `#s${i}`,
        type: 'LinkedDomains',
        serviceEndpoint: `https://example.com/${'x'.repeat(900)}`,
      }));
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: { ...other.document, service } },
        400,
        'DOCUMENT_TOO_LARGE',
      );
      const many = Array.from({ length: 21 }, (_, i) => ({
        id: `#s${i}`,
        type: 'LinkedDomains',
        serviceEndpoint: 'https://example.com',
      }));
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: { ...other.document, service: many } },
        400,
        'INVALID_DID_DOCUMENT',
      );
    });

    it('refuses a bad signature, a missing signature and a signature by the wrong key', async () => {
      const other = newIdentity();
      const asked = await register('/1.0/create?method=dpi', { didDocument: other.document });
      const jobId = asked.body.jobId as string;
      const zeros = Buffer.alloc(64).toString('base64url');
      await refused(
        '/1.0/create?method=dpi',
        {
          jobId,
          didDocument: other.document,
          secret: { signingResponse: { signingRequest1: { signature: zeros } } },
        },
        400,
        'INVALID_SIGNATURE',
      );
      await refused(
        '/1.0/create?method=dpi',
        { jobId, didDocument: other.document, secret: { signingResponse: { signingRequest1: {} } } },
        400,
        'VALIDATION_FAILED',
      );
      const request = asked.body.didState.signingRequest.signingRequest1;
      const stranger = signDidSigningRequest(request, generateEd25519KeyPair().privateKey);
      await refused(
        '/1.0/create?method=dpi',
        { jobId, didDocument: other.document, secret: { signingResponse: { signingRequest1: stranger } } },
        400,
        'INVALID_SIGNATURE',
      );
      await refused(
        '/1.0/update',
        await signedWith(
          bob.did,
          generateEd25519KeyPair().privateKey,
          `${bob.did}#key-9`,
          keyDocument(bob.publicKey),
          '1',
        ),
        403,
        'NOT_AUTHORIZED',
      );
    });

    it('refuses a stale version id and a replayed update with 409', async () => {
      const update = await signedWith(
        bob.did,
        bob.privateKey,
        bob.kid,
        { ...keyDocument(bob.publicKey), alsoKnownAs: ['https://bob.example'] },
        '1',
      );
      expect((await register('/1.0/update', update)).status).toBe(200);
      const replay = await refused('/1.0/update', update, 409, 'STALE_VERSION');
      expect(replay.currentVersionId).toBe('2');
      await refused(
        '/1.0/deactivate',
        await signedWith(bob.did, bob.privateKey, bob.kid, undefined, '1'),
        409,
        'STALE_VERSION',
      );
      await refused(
        '/1.0/deactivate',
        { did: bob.did, secret: (await signedWith(bob.did, bob.privateKey, bob.kid, undefined, '2')).secret },
        400,
        'PREVIOUS_VERSION_REQUIRED',
      );
    });

    it('refuses unknown and malformed DIDs and other methods', async () => {
      await refused(
        '/1.0/update',
        { did: newIdentity().did, didDocument: bob.document },
        404,
        'DID_NOT_FOUND',
      );
      await refused('/1.0/update', { did: 'did:dpi:0OIl', didDocument: bob.document }, 400, 'INVALID_DID');
      await refused('/1.0/deactivate', { did: 'not a did' }, 400, 'INVALID_DID');
      await refused(
        '/1.0/deactivate',
        { did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp' },
        400,
        'METHOD_NOT_SUPPORTED',
      );
      await refused('/1.0/create?method=web', { didDocument: bob.document }, 400, 'METHOD_NOT_SUPPORTED');
      await refused(
        '/1.0/create?method=dpi',
        { didDocument: bob.document, extra: 1 },
        400,
        'VALIDATION_FAILED',
      );
      await refused('/1.0/deactivate', { did: bob.did, didDocument: bob.document }, 400, 'VALIDATION_FAILED');
    });
  });

  describe('registrar errors from before the handler keep the DIF shape', () => {
    /** POSTs a raw body and checks the problem against the contract (RegistrarProblem needs jobId and didState). */
    async function rawRefusal(path: string, contentType: string, body: string) {
      const answer = await http(`${registry.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      registry.contract.assertValid({
        path: path.split('?')[0] as string,
        method: 'POST',
        status: answer.status,
        contentType: answer.contentType,
        body: answer.body,
      });
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        jobId: null,
        didState: { state: 'failed', reason: answer.body.detail },
        requestId: answer.headers.get('x-request-id'),
      });
      return answer as typeof answer & { body: Json };
    }

    it('a body that is not JSON (400) and another media type (415) carry jobId and didState', async () => {
      for (const path of ['/1.0/create?method=dpi', '/1.0/update', '/1.0/deactivate']) {
        expect((await rawRefusal(path, 'application/json', '{"did": ')).body.code).toBe('MALFORMED_BODY');
        // text/plain is one fastify parses (the contract refuses it); application/xml one it does not.
        for (const type of ['text/plain', 'application/xml'])
          expect((await rawRefusal(path, type, 'did:dpi:x')).body).toMatchObject({
            status: 415,
            code: 'UNSUPPORTED_MEDIA_TYPE',
          });
      }
    });

    it('a field the contract refuses is named by pointer, and the jobId is echoed', async () => {
      const answer = await register('/1.0/deactivate', {
        jobId: 'job-edge-1',
        did: 'did:dpi:x',
        extra: true,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        jobId: 'job-edge-1',
        didState: { state: 'failed', did: 'did:dpi:x' },
        errors: [
          { in: 'body', field: 'extra', pointer: '/extra', message: expect.stringContaining('remove it') },
        ],
      });
    });
  });

  describe('registrar jobs', () => {
    it('answers the same request under the same jobId the same way, and refuses a different one (409)', async () => {
      const carol = newIdentity();
      const first = await register('/1.0/create?method=dpi', {
        jobId: 'job-carol-1',
        didDocument: carol.document,
      });
      const again = await register('/1.0/create?method=dpi', {
        jobId: 'job-carol-1',
        didDocument: carol.document,
      });
      expect(again.body).toEqual(first.body);
      await refused(
        '/1.0/create?method=dpi',
        { jobId: 'job-carol-1', didDocument: newIdentity().document },
        409,
        'JOB_CONFLICT',
      );
      const signed = {
        jobId: 'job-carol-1',
        didDocument: carol.document,
        secret: {
          signingResponse: {
            signingRequest1: signDidSigningRequest(
              first.body.didState.signingRequest.signingRequest1,
              carol.privateKey,
            ),
          },
        },
      };
      const done = await register('/1.0/create?method=dpi', signed);
      expect(done.status).toBe(201);
      const before = await registry.snapshot();
      const repeated = await register('/1.0/create?method=dpi', signed);
      expect({ status: repeated.status, body: repeated.body }).toEqual({ status: 201, body: done.body });
      expect(await registry.snapshot()).toEqual(before);
    });

    it('expires a job that waited longer than REGISTRAR_JOB_TTL_MS for its signature (410)', async () => {
      const dave = newIdentity();
      const first = await register('/1.0/create?method=dpi', { didDocument: dave.document });
      registry.service.app.get(SandboxClock).advance(11 * 60_000);
      const signingRequest1 = signDidSigningRequest(
        first.body.didState.signingRequest.signingRequest1,
        dave.privateKey,
      );
      await refused(
        '/1.0/create?method=dpi',
        {
          jobId: first.body.jobId,
          didDocument: dave.document,
          secret: { signingResponse: { signingRequest1 } },
        },
        410,
        'JOB_EXPIRED',
      );
    });
  });

  describe('concurrency and integrity', () => {
    it('lets exactly one of two concurrent updates of the same version win; the other gets 409', async () => {
      const erin = newIdentity();
      expect((await client.create(erin.document, erin.privateKey)).status).toBe(201);
      const updates = await Promise.all(
        ['https://a.example', 'https://b.example'].map(async (aka) =>
          register(
            '/1.0/update',
            await signedWith(
              erin.did,
              erin.privateKey,
              erin.kid,
              { ...keyDocument(erin.publicKey), alsoKnownAs: [aka] },
              '1',
            ),
          ),
        ),
      );
      expect(updates.map((update) => update.status).sort()).toEqual([200, 409]);
      const versions = await registry.sql('SELECT version FROM did_version WHERE did = $1', [erin.did]);
      expect(versions).toHaveLength(2);
    });

    it('keeps history append-only: the application cannot UPDATE, DELETE or TRUNCATE it', async () => {
      await expect(registry.sql(`UPDATE did_version SET proof = 'x'`)).rejects.toThrow(/append-only/);
      await expect(registry.sql('DELETE FROM did_version')).rejects.toThrow(/append-only/);
      await expect(registry.sql('TRUNCATE did_event')).rejects.toThrow(/append-only/);
    });

    it('refuses to serve a tampered history: 500 INTERNAL_ERROR in both dialects, and no update builds on it', async () => {
      const frank = newIdentity();
      expect((await client.create(frank.document, frank.privateKey)).status).toBe(201);
      const evil = generateEd25519KeyPair().publicKey;
      // An operator with superuser rights bypasses the trigger, as an attacker on the database would.
      const forged = JSON.stringify({
        ...JSON.parse(
          (
            await registry.sql<{ document: string }>('SELECT document FROM did_version WHERE did = $1', [
              frank.did,
            ])
          )[0]?.document as string,
        ),
      });
      const tampered = forged.replace(
        ed25519MultibaseFromPublicKey(frank.publicKey),
        ed25519MultibaseFromPublicKey(evil),
      );
      await registry.sql(`ALTER TABLE did_version DISABLE TRIGGER did_version_append_only`);
      await registry.sql('UPDATE did_version SET document = $2 WHERE did = $1', [frank.did, tampered]);
      await registry.sql(`ALTER TABLE did_version ENABLE TRIGGER did_version_append_only`);
      registry.service.app.get(ResolutionService).invalidate(frank.did);
      const result = await resolve(frank.did, 'application/did-resolution');
      expect(result.status).toBe(500);
      expect((result.body as Json).didResolutionMetadata).toMatchObject({
        error: 'internalError',
        problemDetails: { type: 'https://www.w3.org/ns/did#INTERNAL_ERROR' },
      });
      const problem = await resolve(frank.did, 'application/did+json');
      expect(problem.body).toMatchObject({
        status: 500,
        code: 'INTERNAL_ERROR',
        type: 'https://www.w3.org/ns/did#INTERNAL_ERROR',
      });
      expect((await resolve(frank.did, 'application/did-resolution', '?versionId=1')).status).toBe(500);
      await refused(
        '/1.0/deactivate',
        await signedWith(frank.did, frank.privateKey, frank.kid, undefined, '1'),
        500,
        'HISTORY_INTEGRITY',
      );
    });
  });

  describe('server-held keys', () => {
    it('creates a DID from a key the server holds, through the same validation', async () => {
      const { privateKey, publicKey } = generateEd25519KeyPair();
      const service = registry.service.app.get(DidService);
      const result = await service.createWithServerKey(keyDocument(publicKey), privateKey);
      expect(result.did).toBe(didDpiFromPublicKey(publicKey));
      expect((await resolve(result.did, 'application/did-resolution')).status).toBe(200);
      await expect(
        service.createWithServerKey({ ...keyDocument(publicKey), nickname: 'x' }, privateKey),
      ).rejects.toMatchObject({ code: 'INVALID_DID_DOCUMENT' });
    });
  });
});
