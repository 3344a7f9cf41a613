import { Resolver } from 'did-resolver';
import { didWebUrl, getDidWebResolver, TransientResolutionError, type DidWebFetcher } from './did-web.driver';
import { DidWebFetchError, NON_PUBLIC_ADDRESS } from './did-web.fetcher';

function fakeFetch(status: number, body: unknown): DidWebFetcher {
  return async () => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function failingFetch(error: Error): DidWebFetcher {
  return async () => {
    throw error;
  };
}

describe('did:web driver', () => {
  it('maps DIDs to URLs as the did:web spec examples do', () => {
    expect(didWebUrl('did:web:w3c-ccg.github.io')).toBe('https://w3c-ccg.github.io/.well-known/did.json');
    expect(didWebUrl('did:web:w3c-ccg.github.io:user:alice')).toBe(
      'https://w3c-ccg.github.io/user/alice/did.json',
    );
    expect(didWebUrl('did:web:example.com%3A3000:user:alice')).toBe(
      'https://example.com:3000/user/alice/did.json',
    );
  });

  it('uses plain HTTP for localhost only when allowed, never for other hosts', () => {
    expect(didWebUrl('did:web:localhost%3A8080:psp', { allowHttpForLocalhost: true })).toBe(
      'http://localhost:8080/psp/did.json',
    );
    expect(didWebUrl('did:web:localhost%3A8080:psp')).toBe('https://localhost:8080/psp/did.json');
    expect(didWebUrl('did:web:example.com', { allowHttpForLocalhost: true })).toBe(
      'https://example.com/.well-known/did.json',
    );
  });

  it('rejects malformed did:web identifiers', () => {
    expect(() => didWebUrl('did:web:example.com::x')).toThrow(/malformed/);
    expect(() => didWebUrl('did:web:example.com:a%2Fb')).toThrow(/malformed/);
  });

  it('returns the fetched document when its id matches', async () => {
    const doc = { id: 'did:web:example.com', verificationMethod: [] };
    const result = await new Resolver(getDidWebResolver({ fetch: fakeFetch(200, doc) })).resolve(
      'did:web:example.com',
    );
    expect(result.didDocument).toEqual(doc);
  });

  it('answers notFound on 404 and invalidDidDocument on an id mismatch or non-JSON body', async () => {
    const resolve = (status: number, body: unknown) =>
      new Resolver(getDidWebResolver({ fetch: fakeFetch(status, body) })).resolve('did:web:example.com');
    expect((await resolve(404, 'nope')).didResolutionMetadata.error).toBe('notFound');
    expect((await resolve(200, { id: 'did:web:evil.example' })).didResolutionMetadata.error).toBe(
      'invalidDidDocument',
    );
    expect((await resolve(200, '<html>')).didResolutionMetadata.error).toBe('invalidDidDocument');
  });

  it('throws a transient error on 5xx and network failures, without the low-level error', async () => {
    const on503 = new Resolver(getDidWebResolver({ fetch: fakeFetch(503, 'busy') }));
    await expect(on503.resolve('did:web:example.com')).rejects.toBeInstanceOf(TransientResolutionError);
    const offline = new Resolver(
      getDidWebResolver({ fetch: failingFetch(new Error('connect ECONNREFUSED 10.1.2.3:443')) }),
    );
    await expect(offline.resolve('did:web:example.com')).rejects.toThrow('could not fetch the DID document');
    await expect(offline.resolve('did:web:example.com')).rejects.not.toThrow(/ECONNREFUSED|10\.1\.2\.3/);
  });

  it('answers invalidDid with the reason when the host is not a public address', async () => {
    const refused = new Resolver(
      getDidWebResolver({ fetch: failingFetch(new DidWebFetchError('refused', NON_PUBLIC_ADDRESS)) }),
    );
    expect((await refused.resolve('did:web:example.com')).didResolutionMetadata).toEqual({
      error: 'invalidDid',
      message: 'did:web host resolves to a non-public address',
    });
  });

  it('does not follow a redirect: notFound', async () => {
    const moved = new Resolver(getDidWebResolver({ fetch: fakeFetch(302, '') }));
    expect((await moved.resolve('did:web:example.com')).didResolutionMetadata.error).toBe('notFound');
  });

  it('answers invalidDidDocument for a document over the size limit, notFound for an unknown host', async () => {
    const resolveFailing = (error: DidWebFetchError) =>
      new Resolver(getDidWebResolver({ fetch: failingFetch(error) })).resolve('did:web:example.com');
    expect(
      (await resolveFailing(new DidWebFetchError('tooLarge', 'too large'))).didResolutionMetadata.error,
    ).toBe('invalidDidDocument');
    expect(
      (await resolveFailing(new DidWebFetchError('unknownHost', 'no such host'))).didResolutionMetadata.error,
    ).toBe('notFound');
  });
});
