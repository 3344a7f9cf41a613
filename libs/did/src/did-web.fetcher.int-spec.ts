import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Resolver } from 'did-resolver';

import { getDidWebResolver, type DidWebOptions } from './did-web.driver';
import { fetchDidWebDocument, NON_PUBLIC_ADDRESS, type HostResolver } from './did-web.fetcher';

/** A loopback HTTP server that counts the TCP connections it receives. */
interface Listener {
  port: number;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

async function listen(handler: (url: string, response: ServerResponse) => void): Promise<Listener> {
  const state = { connections: 0, requests: [] as string[] };
  const server: Server = createServer((request, response) => {
    state.requests.push(request.url ?? '');
    handler(request.url ?? '', response);
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const resolverOf = (options: DidWebOptions) => new Resolver(getDidWebResolver(options));
// Names that resolve wherever the test says, so no query leaves this machine.
const resolvingTo =
  (...addresses: string[]): HostResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('did:web fetch: the SSRF guard (real loopback listeners, no traffic elsewhere)', () => {
  let target: Listener;
  let did: string;
  beforeAll(async () => {
    target = await listen((_url, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: did })),
    );
    did = `did:web:127.0.0.1%3A${target.port}`;
  });
  afterAll(() => target.close());

  it('refuses a loopback address literal before connecting, with a safe invalidDid answer', async () => {
    const before = target.connections;
    const result = await resolverOf({}).resolve(did);
    expect(result.didResolutionMetadata).toEqual({ error: 'invalidDid', message: NON_PUBLIC_ADDRESS });
    expect(target.connections).toBe(before);
  });

  it.each([
    ['localhost (system resolver)', 'localhost', undefined],
    ['a name that resolves to loopback', 'did.example.com', resolvingTo('127.0.0.1')],
    ['a name that resolves to IPv4-mapped loopback', 'did.example.com', resolvingTo('::ffff:127.0.0.1')],
    [
      'a name with one public and one loopback address',
      'did.example.com',
      resolvingTo('8.8.8.8', '127.0.0.1'),
    ],
  ])('refuses %s and never connects', async (_name, host, resolveHost) => {
    const before = target.connections;
    const result = await resolverOf(resolveHost ? { resolveHost } : {}).resolve(
      `did:web:${host}%3A${target.port}`,
    );
    expect(result.didResolutionMetadata).toEqual({ error: 'invalidDid', message: NON_PUBLIC_ADDRESS });
    expect(target.connections).toBe(before);
  });

  it('refuses the rebinding second answer of a name that first resolved to a public address', async () => {
    const answers = [['8.8.8.8'], ['127.0.0.1']];
    const rebinding: HostResolver = async () =>
      (answers.shift() ?? []).map((address) => ({ address, family: 4 }));
    // The first answer is what a hostname pre-check would see; the connection asks again and gets loopback.
    expect((await rebinding('rebind.example.com'))[0]?.address).toBe('8.8.8.8');
    const before = target.connections;
    await expect(
      fetchDidWebDocument(new URL(`https://rebind.example.com:${target.port}/.well-known/did.json`), {
        resolveHost: rebinding,
      }),
    ).rejects.toThrow(NON_PUBLIC_ADDRESS);
    expect(target.connections).toBe(before);
  });

  it.each([
    ['IPv6 loopback', '[::1]'],
    ['IPv4-mapped loopback', '[::ffff:127.0.0.1]'],
    ['IPv4-mapped loopback in hex', '[::ffff:7f00:1]'],
    ['unspecified', '0.0.0.0'],
  ])('refuses the %s literal %s without connecting', async (_name, host) => {
    const before = target.connections;
    await expect(
      fetchDidWebDocument(new URL(`https://${host}:${target.port}/.well-known/did.json`)),
    ).rejects.toThrow(NON_PUBLIC_ADDRESS);
    expect(target.connections).toBe(before);
  });

  it('with DID_WEB_ALLOW_HTTP_LOCALHOST allows loopback, but still refuses private addresses', async () => {
    const lab = resolverOf({ allowHttpForLocalhost: true });
    expect((await lab.resolve(did)).didDocument).toEqual({ id: did });
    const privateName = resolverOf({ allowHttpForLocalhost: true, resolveHost: resolvingTo('10.0.0.7') });
    const before = target.connections;
    expect((await privateName.resolve('did:web:intranet.example.com')).didResolutionMetadata).toEqual({
      error: 'invalidDid',
      message: NON_PUBLIC_ADDRESS,
    });
    expect(target.connections).toBe(before);
  });
});

describe('did:web fetch: limits (real loopback listeners, loopback allowed as in labs)', () => {
  const lab = (options: DidWebOptions = {}) => resolverOf({ allowHttpForLocalhost: true, ...options });
  let listeners: Listener[] = [];
  const serve = async (handler: (url: string, response: ServerResponse) => void) => {
    const listener = await listen(handler);
    listeners.push(listener);
    return listener;
  };
  afterEach(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    listeners = [];
  });

  it('does not follow a redirect, even to an allowed host', async () => {
    const elsewhere = await serve((_url, response) => response.end('{}'));
    const redirecting = await serve((_url, response) =>
      response.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/.well-known/did.json` }).end(),
    );
    const result = await lab().resolve(`did:web:127.0.0.1%3A${redirecting.port}`);
    expect(result.didResolutionMetadata.error).toBe('notFound');
    expect(result.didResolutionMetadata.message).toMatch(/redirect \(302\)/);
    expect(redirecting.requests).toEqual(['/.well-known/did.json']);
    expect(elsewhere.connections).toBe(0);
  });

  it('stops reading a body over 256 KiB, announced or not', async () => {
    const huge = JSON.stringify({ id: 'x', padding: 'a'.repeat(300 * 1024) });
    const announced = await serve((_url, response) => response.end(huge));
    const chunked = await serve((_url, response) => {
      response.write(huge.slice(0, 200 * 1024));
      response.end(huge.slice(200 * 1024));
    });
    for (const listener of [announced, chunked]) {
      const result = await lab().resolve(`did:web:127.0.0.1%3A${listener.port}`);
      expect(result.didResolutionMetadata).toEqual({
        error: 'invalidDidDocument',
        message: 'the DID document is larger than 256 KiB',
      });
    }
  });

  it('gives up on a host that never answers, as a transient error', async () => {
    const silent = await serve(() => undefined);
    await expect(lab({ timeoutMs: 300 }).resolve(`did:web:127.0.0.1%3A${silent.port}`)).rejects.toThrow(
      'the did:web host did not answer in time',
    );
  });

  it('says a connection failed without the OS error, address or port', async () => {
    const closed = await serve(() => undefined);
    const port = closed.port;
    await closed.close();
    listeners = [];
    const failure = lab().resolve(`did:web:localhost%3A${port}`);
    await expect(failure).rejects.toThrow('could not connect to the did:web host or read its answer');
    await expect(failure).rejects.not.toThrow(/ECONNREFUSED|127\.0\.0\.1|::1/);
  });
});
