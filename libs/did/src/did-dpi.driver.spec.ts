import { Resolver } from 'did-resolver';

import { getResolver } from './did-dpi.driver';

const DID = 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB';
const REGISTRY = 'http://registry.test:3001/';

/** A fake fetch answering one status and body, recording the URLs and headers it was asked for. */
function fakeFetch(status: number, body: unknown, contentType = 'application/did-resolution') {
  const calls: Array<{ url: string; accept: string | null }> = [];
  const fetchImpl = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), accept: new Headers(init?.headers).get('accept') });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': contentType },
    });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const found = {
  didDocument: { id: DID },
  didResolutionMetadata: { contentType: 'application/did' },
  didDocumentMetadata: { versionId: '2', created: '2026-01-01T00:00:00Z' },
};

describe('did:dpi driver (getResolver)', () => {
  it('resolves through the registry with Accept application/did-resolution and returns the result', async () => {
    const { fetchImpl, calls } = fakeFetch(200, found);
    const result = await new Resolver({ ...getResolver(REGISTRY, { fetch: fetchImpl }) }).resolve(DID);
    expect(result).toEqual(found);
    expect(calls).toEqual([
      {
        url: `http://registry.test:3001/1.0/identifiers/${encodeURIComponent(DID)}`,
        accept: 'application/did-resolution',
      },
    ]);
  });

  it('passes versionId / versionTime from the options or the DID URL parameters', async () => {
    const { fetchImpl, calls } = fakeFetch(200, found);
    const resolver = new Resolver({ ...getResolver(REGISTRY, { fetch: fetchImpl }) });
    await resolver.resolve(DID, { versionId: '1' } as never);
    await resolver.resolve(`${DID}?versionTime=2026-01-01T00:00:00Z`);
    expect(new URL(calls[0]?.url as string).searchParams.get('versionId')).toBe('1');
    expect(new URL(calls[1]?.url as string).searchParams.get('versionTime')).toBe('2026-01-01T00:00:00Z');
  });

  it('returns a deactivated DID (410) as a result with deactivated metadata', async () => {
    const deactivated = {
      didDocument: null,
      didResolutionMetadata: {},
      didDocumentMetadata: { deactivated: true },
    };
    const result = await new Resolver(
      getResolver(REGISTRY, { fetch: fakeFetch(410, deactivated).fetchImpl }),
    ).resolve(DID);
    expect(result.didDocumentMetadata.deactivated).toBe(true);
    expect(result.didDocument).toBeNull();
  });

  it.each([
    [
      404,
      {
        didDocument: null,
        didResolutionMetadata: { error: 'notFound', errorMessage: 'no' },
        didDocumentMetadata: {},
      },
      'application/did-resolution',
      'notFound',
    ],
    [
      400,
      { type: 'https://www.w3.org/ns/did#INVALID_DID', detail: 'bad' },
      'application/problem+json',
      'invalidDid',
    ],
    [
      501,
      { type: 'https://www.w3.org/ns/did#METHOD_NOT_SUPPORTED', detail: 'x' },
      'application/problem+json',
      'methodNotSupported',
    ],
    [
      500,
      { type: 'https://www.w3.org/ns/did#INTERNAL_ERROR', detail: 'x' },
      'application/problem+json',
      'internalError',
    ],
    [406, 'not json', 'text/plain', 'representationNotSupported'],
    [502, '<html>bad gateway</html>', 'text/html', 'internalError'],
  ])('maps HTTP %d to the DID Core error keyword', async (status, body, contentType, keyword) => {
    const result = await new Resolver(
      getResolver(REGISTRY, { fetch: fakeFetch(status, body, contentType).fetchImpl }),
    ).resolve(DID);
    expect(result.didResolutionMetadata.error).toBe(keyword);
    expect(result.didDocument).toBeNull();
  });

  it('turns a network failure or a timeout into internalError instead of throwing', async () => {
    const offline = (async () => {
      throw new Error('ECONNREFUSED');
    }) as typeof fetch;
    const result = await new Resolver(getResolver(REGISTRY, { fetch: offline })).resolve(DID);
    expect(result.didResolutionMetadata).toMatchObject({
      error: 'internalError',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    const hanging = ((_url: URL, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted by timeout'))),
      )) as typeof fetch;
    const timedOut = await new Resolver(getResolver(REGISTRY, { fetch: hanging, timeoutMs: 1 })).resolve(DID);
    expect(timedOut.didResolutionMetadata.error).toBe('internalError');
  });
});
