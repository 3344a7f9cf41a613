import type { DIDDocument, DIDResolutionResult, DIDResolver, ResolverRegistry } from 'did-resolver';

/** Options of the did:web driver. */
export interface DidWebOptions {
  /** Allows `http://` for localhost, 127.0.0.1 and [::1] only (local labs); everything else is HTTPS. */
  allowHttpForLocalhost?: boolean;
  /** Abort a fetch after this many milliseconds (default 5000); a timeout is a transient failure. */
  timeoutMs?: number;
  /** Injectable fetch (tests). */
  fetch?: typeof fetch;
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

/** Thrown by the driver for failures worth retrying (network, timeout, 5xx); never cached. */
export class TransientResolutionError extends Error {}

function failure(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocument: null, didDocumentMetadata: {} };
}

/** The did-resolver driver for did:web, over fetch with a timeout. */
export function getDidWebResolver(options: DidWebOptions = {}): ResolverRegistry {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const resolve: DIDResolver = async (did) => {
    let url: string;
    try {
      url = didWebUrl(did, options);
    } catch (error) {
      return failure('invalidDid', (error as Error).message);
    }
    let response: Response;
    try {
      response = await doFetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/did+json, application/json' },
      });
    } catch (error) {
      throw new TransientResolutionError(`fetching ${url} failed: ${(error as Error).message}`);
    }
    if (response.status === 404 || response.status === 410)
      return failure('notFound', `${url} answered ${response.status}`);
    if (!response.ok) throw new TransientResolutionError(`${url} answered ${response.status}`);
    let document: DIDDocument;
    try {
      document = (await response.json()) as DIDDocument;
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
