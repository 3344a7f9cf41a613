import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DidDpiRegistrarClient, NON_PUBLIC_ADDRESS } from '@dpi/did';

import { http, newIdentity, startRegistry, type RegistryUnderTest } from './registry.test-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// did:key spec vector (seed 0), Ed25519.
const DID_KEY = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';

describe('identity-registry resolver (Universal Resolver HTTP binding, real PostgreSQL)', () => {
  let registry: RegistryUnderTest;
  let web: Server;
  let webDid: string;
  const webRequests: string[] = [];
  const alice = newIdentity();

  beforeAll(async () => {
    web = createServer((request, response) => {
      webRequests.push(request.url ?? '');
      if (request.url === '/.well-known/did.json') {
        response
          .writeHead(200, { 'content-type': 'application/did+json' })
          .end(JSON.stringify({ id: webDid }));
      } else if (request.url === '/cached/did.json') {
        response
          .writeHead(200, { 'content-type': 'application/did+json' })
          .end(JSON.stringify({ id: `${webDid}:cached` }));
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webDid = `did:web:127.0.0.1%3A${(web.address() as AddressInfo).port}`;
    registry = await startRegistry({ DID_WEB_ALLOW_HTTP_LOCALHOST: 'true' });
    expect(
      (await new DidDpiRegistrarClient(registry.url).create(alice.document, alice.privateKey)).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await registry?.close();
    await new Promise((resolve) => web?.close(resolve));
  });

  const resolve = (identifier: string, accept?: string, query = '') =>
    registry.resolve(identifier, accept, query);

  it('resolves an Ed25519 did:key (the did:key spec vector) to its derived document', async () => {
    const answer = await resolve(DID_KEY, 'application/did-resolution');
    expect(answer.status).toBe(200);
    expect(answer.body.didDocument.verificationMethod[0]).toMatchObject({
      type: 'Multikey',
      publicKeyMultibase: DID_KEY.slice(8),
    });
    expect(answer.headers.get('cache-control')).toContain('immutable');
  });

  it('resolves did:web over plain HTTP on localhost when DID_WEB_ALLOW_HTTP_LOCALHOST=true', async () => {
    const answer = await resolve(webDid, 'application/did+ld+json');
    expect({ status: answer.status, id: answer.body.id }).toEqual({ status: 200, id: webDid });
    const missing = await resolve(`${webDid}:nobody`, 'application/did+json');
    expect({ status: missing.status, type: missing.body.type }).toEqual({
      status: 404,
      type: 'https://www.w3.org/ns/did#NOT_FOUND',
    });
  });

  it('reuses a did:web document and a did:web notFound for a while instead of fetching again', async () => {
    for (let round = 0; round < 2; round++) {
      expect((await resolve(`${webDid}:cached`, 'application/did+json')).body.id).toBe(`${webDid}:cached`);
      expect((await resolve(`${webDid}:gone`, 'application/did+json')).status).toBe(404);
    }
    expect(webRequests.filter((url) => url === '/cached/did.json')).toHaveLength(1);
    expect(webRequests.filter((url) => url === '/gone/did.json')).toHaveLength(1);
  });

  // [identifier, query, status, DID Resolution problem type]
  const ERRORS: Array<[string, string, number, string]> = [
    ['not-a-did', '', 400, 'INVALID_DID'],
    ['did:example', '', 400, 'INVALID_DID'],
    ['did:dpi:0OIl0OIl0OIl0OIl0OIl', '', 400, 'INVALID_DID'],
    ['did:key:z0OIl', '', 400, 'INVALID_DID'],
    ['did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW', '', 400, 'INVALID_DID'],
    [encodeURIComponent('did:dpi:LeeSNtAvGgEYGxjDCvrdVB#a#b'), '', 400, 'INVALID_DID_URL'],
    [encodeURIComponent(`${alice.did}#key-1`), '', 501, 'FEATURE_NOT_SUPPORTED'],
    [alice.did, '?versionId=1&versionTime=2026-01-01T00:00:00Z', 400, 'INVALID_OPTIONS'],
    [alice.did, '?versionId=one', 400, 'INVALID_OPTIONS'],
    [alice.did, '?versionTime=yesterday', 400, 'INVALID_OPTIONS'],
    [alice.did, '?colour=blue', 400, 'INVALID_OPTIONS'],
    [alice.did, '?versionId=9', 404, 'NOT_FOUND'],
    [DID_KEY, '?versionId=1', 400, 'INVALID_OPTIONS'],
    ['did:dpi:LeeSNtAvGgEYGxjDCvrdVB', '', 404, 'NOT_FOUND'],
    ['did:unsupported:123456789abcdefghi', '', 501, 'METHOD_NOT_SUPPORTED'],
  ];

  it.each(ERRORS)(
    'answers %s%s with %d %s as problem details for a document media type',
    async (identifier, query, status, type) => {
      const answer = await resolve(identifier, 'application/did+ld+json', query);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status, code: type, type: `https://www.w3.org/ns/did#${type}` });
      expect(answer.body.detail.length).toBeGreaterThan(20);
    },
  );

  it.each(ERRORS)(
    'answers %s%s with %d %s as a resolution result with the DID Core error keyword',
    async (identifier, query, status, type) => {
      const answer = await resolve(identifier, 'application/did-resolution', query);
      expect(answer.status).toBe(status);
      expect(answer.contentType).toBe('application/did-resolution');
      // The DID Core test suite's shape: error keyword, null document, empty document metadata.
      expect(answer.body.didDocument).toBeNull();
      expect(answer.body.didDocumentMetadata).toEqual({});
      expect(answer.body.didResolutionMetadata.error).toMatch(/^[a-zA-Z]+$/);
      expect(answer.body.didResolutionMetadata.problemDetails.type).toBe(`https://www.w3.org/ns/did#${type}`);
    },
  );

  it('answers 400 when no DID is given', async () => {
    const answer = await http(`${registry.url}/1.0/identifiers`);
    expect(answer.status).toBe(400);
  });

  it('answers an Accept it cannot satisfy with 406 problem details listing what it offers', async () => {
    const answer = await resolve(alice.did, 'text/html');
    expect(answer.status).toBe(406);
    expect(answer.body).toMatchObject({
      code: 'REPRESENTATION_NOT_SUPPORTED',
      type: 'https://www.w3.org/ns/did#REPRESENTATION_NOT_SUPPORTED',
    });
    expect(answer.body.detail).toContain('application/did-resolution');
    expect((await resolve(alice.did, 'text/html, application/did+json;q=0.5')).status).toBe(200);
    expect((await resolve(alice.did, 'application/did-resolution;q=0')).status).toBe(406);
  });

  it('accepts a percent-encoded DID (as clients must send it with options)', async () => {
    expect(
      (await resolve(encodeURIComponent(alice.did), 'application/did-resolution', '?versionId=1')).status,
    ).toBe(200);
  });

  it('describes itself: methods, properties and test identifiers', async () => {
    const methods = await http(`${registry.url}/1.0/methods`);
    expect(methods.body).toEqual(['dpi', 'key', 'web']);
    const properties = await http(`${registry.url}/1.0/properties`);
    expect(properties.body).toMatchObject({ 'driver-web': { allowHttpForLocalhost: true } });
    const test = await http(`${registry.url}/1.0/testIdentifiers`);
    expect(test.body).toMatchObject({ dpi: [alice.did], key: [DID_KEY] });
    for (const [path, answer] of [
      ['/1.0/methods', methods],
      ['/1.0/properties', properties],
      ['/1.0/testIdentifiers', test],
    ] as const)
      registry.contract.assertValid({
        path,
        method: 'GET',
        status: answer.status,
        contentType: answer.contentType,
        body: answer.body,
      });
  });
});

describe('identity-registry resolver: did:web never reaches a non-public address (SSRF guard)', () => {
  let registry: RegistryUnderTest;
  let internal: Server;
  let connections = 0;
  let port: number;

  beforeAll(async () => {
    // Stands for PostgreSQL or any internal service on this machine: it must receive no connection.
    internal = createServer((_request, response) => response.end('{}'));
    internal.on('connection', () => connections++);
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    port = (internal.address() as AddressInfo).port;
    registry = await startRegistry({ DID_WEB_ALLOW_HTTP_LOCALHOST: 'false' });
  });
  afterAll(async () => {
    await registry?.close();
    await new Promise((resolve) => internal?.close(resolve));
  });

  it.each([
    ['a loopback address', () => `did:web:127.0.0.1%3A${port}`],
    ['a name that resolves to loopback', () => `did:web:localhost%3A${port}:user`],
  ])('refuses %s with 400 INVALID_DID and says why, without connecting', async (_name, didOf) => {
    const did = didOf();
    const problem = await registry.resolve(did, 'application/did+json');
    expect(problem.status).toBe(400);
    expect(problem.body).toMatchObject({ code: 'INVALID_DID', detail: `${did}: ${NON_PUBLIC_ADDRESS}.` });
    const result = await registry.resolve(did, 'application/did-resolution');
    expect(result.body.didResolutionMetadata.error).toBe('invalidDid');
    expect(connections).toBe(0);
  });
});

describe('identity-registry resolver with the cache off (RESOLUTION_CACHE_TTL_MS=0)', () => {
  let registry: RegistryUnderTest;
  afterAll(async () => {
    await registry?.close();
  });

  it('reads every resolution from PostgreSQL', async () => {
    registry = await startRegistry({ RESOLUTION_CACHE_TTL_MS: '0' });
    const bob = newIdentity();
    expect((await new DidDpiRegistrarClient(registry.url).create(bob.document, bob.privateKey)).status).toBe(
      201,
    );
    const first = await http(`${registry.url}/1.0/identifiers/${bob.did}`);
    expect(first.status).toBe(200);
    const document = await registry.sql<{ document: string }>(
      'SELECT document FROM did_version WHERE did = $1',
      [bob.did],
    );
    expect((first.body as Json).didDocument).toEqual(JSON.parse(document[0]?.document as string));
    expect((await http(`${registry.url}/1.0/identifiers/${newIdentity().did}`)).status).toBe(404);
  });
});
