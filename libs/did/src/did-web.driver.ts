import type { DIDDocument, DIDResolutionResult, DIDResolver, ResolverRegistry } from 'did-resolver';

import {
  DidWebFetchError,
  fetchDidWebDocument,
  type DidWebFetchOptions,
  type DidWebFetchResult,
  type HostResolver,
} from './did-web.fetcher';

/** Fetches a did:web document URL (the safe fetcher by default; injectable in tests). */
export type DidWebFetcher = (url: URL) => Promise<DidWebFetchResult>;

/** Options of the did:web driver. */
export interface DidWebOptions {
  /**
   * Labs: plain `http://` for localhost, 127.0.0.1 and [::1], and loopback addresses may be contacted.
   * Other private and special-purpose addresses are refused either way.
   */
  allowHttpForLocalhost?: boolean;
  /** Give up after this many milliseconds in all (default 5000); a timeout is a transient failure. */
  timeoutMs?: number;
  /** Give up when no connection is up after this many milliseconds (default 3000). */
  connectTimeoutMs?: number;
  /** Most bytes of a DID document (default 256 KiB). */
  maxBytes?: number;
  /** Injectable host name resolution (tests). */
  resolveHost?: HostResolver;
  /** Injectable fetcher (tests); replaces the address checks, limits and timeouts. */
  fetch?: DidWebFetcher;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Maps a did:web DID to the URL of its did.json (did:web spec, section "Read (Resolve)"). */
export function didWebUrl(did: string, options: Pick<DidWebOptions, 'allowHttpForLocalhost'> = {}): string {
  if (!did.startsWith('did:web:')) throw new Error('not a did:web');
  const segments = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const [host, ...path] = segments;
  if (!host || segments.some((s) => s === '' || s.includes('/'))) throw new Error('malformed did:web');
  const hostname = host.replace(/:\d+$/, '');
  const scheme = options.allowHttpForLocalhost && LOCAL_HOSTS.has(hostname) ? 'http' : 'https';
  const suffix =
    path.length === 0 ? '/.well-known/did.json' : `/${path.map(encodeURIComponent).join('/')}/did.json`;
  return new URL(`${scheme}://${host}${suffix}`).toString();
}

/** Thrown by the driver for failures worth retrying (network, timeout, 5xx); never cached for long. */
export class TransientResolutionError extends Error {}

function failure(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocument: null, didDocumentMetadata: {} };
}

/**
 * The did-resolver driver for did:web. Errors, as DID Resolution error keywords:
 * `invalidDid` for a malformed DID or a host that resolves to a non-public address (SSRF guard),
 * `notFound` for 404/410, a redirect (not followed) or a host name that does not resolve,
 * `invalidDidDocument` for a body that is not JSON, too large, or describes another DID;
 * network failures, timeouts and other statuses throw a TransientResolutionError.
 * Messages never carry addresses, ports or low-level errors of the network behind the resolver.
 */
export function getDidWebResolver(options: DidWebOptions = {}): ResolverRegistry {
  const fetchOptions: DidWebFetchOptions = {
    allowLoopback: options.allowHttpForLocalhost === true,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
  };
  const doFetch: DidWebFetcher = options.fetch ?? ((url) => fetchDidWebDocument(url, fetchOptions));
  const resolve: DIDResolver = async (did) => {
    let url: string;
    try {
      url = didWebUrl(did, options);
    } catch (error) {
      return failure('invalidDid', (error as Error).message);
    }
    let response: DidWebFetchResult;
    try {
      response = await doFetch(new URL(url));
    } catch (error) {
      if (error instanceof DidWebFetchError) {
        if (error.reason === 'refused') return failure('invalidDid', error.message);
        if (error.reason === 'unknownHost') return failure('notFound', error.message);
        if (error.reason === 'tooLarge') return failure('invalidDidDocument', error.message);
        throw new TransientResolutionError(error.message);
      }
      throw new TransientResolutionError('could not fetch the DID document');
    }
    const { status } = response;
    if (status === 404 || status === 410) return failure('notFound', `${url} answered ${status}`);
    if (status >= 300 && status < 400)
      return failure(
        'notFound',
        `${url} answered a redirect (${status}), which did:web resolution does not follow`,
      );
    if (status < 200 || status > 299) throw new TransientResolutionError(`${url} answered ${status}`);
    let document: DIDDocument;
    try {
      document = JSON.parse(response.body) as DIDDocument;
    } catch {
      return failure('invalidDidDocument', `${url} did not return JSON`);
    }
    if (document?.id !== did)
      return failure('invalidDidDocument', `the document id ${String(document?.id)} is not ${did}`);
    return {
      didResolutionMetadata: { contentType: 'application/did+json' },
      didDocument: document,
      didDocumentMetadata: {},
    };
  };
  return { web: resolve };
}
