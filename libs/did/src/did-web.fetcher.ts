import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { classifyAddress } from './public-address.util';

/** Resolves a host name to its addresses (node:dns `lookup` by default; injectable in tests). */
export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** Limits and policy of a did:web fetch. */
export interface DidWebFetchOptions {
  /** Also connect to loopback addresses (labs: DID_WEB_ALLOW_HTTP_LOCALHOST); never to other special ones. */
  allowLoopback?: boolean;
  /** Give up when the TCP connection is not up after this many milliseconds (default 3000). */
  connectTimeoutMs?: number;
  /** Give up when the whole answer has not arrived after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Most bytes of body read (default 256 KiB: a DID document is a few KiB). */
  maxBytes?: number;
  resolveHost?: HostResolver;
}

/** What the host answered: the status, and the body of a 2xx answer (empty otherwise). */
export interface DidWebFetchResult {
  status: number;
  body: string;
}

/** Why a did:web fetch failed; the message is safe to show (it names no address, port or OS error). */
export type DidWebFetchFailure = 'refused' | 'unknownHost' | 'unreachable' | 'timeout' | 'tooLarge';

/** A failed did:web fetch; `reason` says what happened, the message says it without internal details. */
export class DidWebFetchError extends Error {
  constructor(
    readonly reason: DidWebFetchFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The refusal of a destination that is not a public address (SSRF guard). */
export const NON_PUBLIC_ADDRESS = 'did:web host resolves to a non-public address';

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * GETs a did:web document URL without redirects, with a body cap and timeouts, and connects only to
 * public addresses (and loopback when allowed). The address is checked where the socket gets it, after
 * DNS resolution (a custom `lookup`), so a name that resolves, or rebinds, to a private address is
 * refused before any connection; an IP literal is checked before the request since Node skips `lookup`.
 */
export function fetchDidWebDocument(url: URL, options: DidWebFetchOptions = {}): Promise<DidWebFetchResult> {
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const plainHttp = url.protocol === 'http:';
  const permitted = (address: string): boolean => {
    const kind = classifyAddress(address);
    // Plain HTTP exists for labs on this machine only; anything else must be HTTPS to a public address.
    if (plainHttp) return kind === 'loopback' && options.allowLoopback === true;
    return kind === 'public' || (kind === 'loopback' && options.allowLoopback === true);
  };
  const refused = () => new DidWebFetchError('refused', NON_PUBLIC_ADDRESS);

  if (isIP(hostname) !== 0 && !permitted(hostname)) return Promise.reject(refused());
  const resolveHost = options.resolveHost ?? systemResolver;
  const lookup: LookupFunction = (name, lookupOptions, callback) => {
    resolveHost(name).then(
      (all) => {
        const wanted = all.filter((entry) => !lookupOptions.family || entry.family === lookupOptions.family);
        // One non-public address refuses the name: picking the public ones would let a rebinding
        // name choose which we connect to.
        if (all.some((entry) => !permitted(entry.address))) return callback(refused(), '', 0);
        const first = wanted[0];
        if (!first)
          return callback(
            new DidWebFetchError('unknownHost', 'the did:web host name does not resolve'),
            '',
            0,
          );
        if (lookupOptions.all)
          return (callback as unknown as (e: null, a: typeof wanted) => void)(null, wanted);
        callback(null, first.address, first.family);
      },
      () => callback(new DidWebFetchError('unknownHost', 'the did:web host name does not resolve'), '', 0),
    );
  };

  return new Promise<DidWebFetchResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, result?: DidWebFetchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      if (error) {
        request.destroy();
        reject(safeError(error));
      } else resolve(result as DidWebFetchResult);
    };
    const request: ClientRequest = (plainHttp ? httpRequest : httpsRequest)({
      protocol: url.protocol,
      host: hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { accept: 'application/did+json, application/json', host: url.host },
      lookup,
      agent: false,
      ...(plainHttp ? {} : { servername: isIP(hostname) === 0 ? hostname : undefined }),
    });
    const total = setTimeout(
      () => finish(new DidWebFetchError('timeout', 'the did:web host did not answer in time')),
      options.timeoutMs ?? 5000,
    );
    const connect = setTimeout(
      () => finish(new DidWebFetchError('timeout', 'the did:web host did not accept a connection in time')),
      options.connectTimeoutMs ?? 3000,
    );
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        clearTimeout(connect);
        // Defence in depth: whatever chose the address, the connected peer must pass the same check.
        if (socket.remoteAddress === undefined || !permitted(socket.remoteAddress)) finish(refused());
      });
    });
    request.on('error', (error) => finish(error));
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        // Redirects are not followed and error bodies are not read.
        response.destroy();
        return finish(undefined, { status, body: '' });
      }
      const tooLarge = () =>
        new DidWebFetchError('tooLarge', `the DID document is larger than ${maxBytes / 1024} KiB`);
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) return finish(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(tooLarge());
        chunks.push(chunk);
      });
      response.on('end', () => finish(undefined, { status, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => finish(error));
    });
    request.end();
  });
}

// Low-level errors name addresses, ports and OS codes of the network behind the resolver: never pass them on.
function safeError(error: Error): DidWebFetchError {
  if (error instanceof DidWebFetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO|HOSTNAME/.test(code))
    return new DidWebFetchError('unreachable', 'the did:web host did not present a valid TLS certificate');
  return new DidWebFetchError('unreachable', 'could not connect to the did:web host or read its answer');
}
