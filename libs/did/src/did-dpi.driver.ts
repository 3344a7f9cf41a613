import type { DIDResolutionOptions, DIDResolutionResult, DIDResolver, ParsedDID } from 'did-resolver';

/** Options of the did:dpi driver. */
export interface DidDpiDriverOptions {
  /** Abort the HTTP call after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Injectable fetch (tests). */
  fetch?: typeof fetch;
}

/** The DID Resolution draft's problem types (https://www.w3.org/ns/did#<TYPE>) and DID Core's error keywords. */
export const DID_RESOLUTION_ERROR_KEYWORDS: Readonly<Record<string, string>> = {
  INVALID_DID: 'invalidDid',
  INVALID_DID_URL: 'invalidDidUrl',
  INVALID_OPTIONS: 'invalidOptions',
  NOT_FOUND: 'notFound',
  REPRESENTATION_NOT_SUPPORTED: 'representationNotSupported',
  METHOD_NOT_SUPPORTED: 'methodNotSupported',
  FEATURE_NOT_SUPPORTED: 'featureNotSupported',
  INVALID_DID_DOCUMENT: 'invalidDidDocument',
  INTERNAL_ERROR: 'internalError',
};
const STATUS_KEYWORDS: Record<number, string> = {
  400: 'invalidDid',
  404: 'notFound',
  406: 'representationNotSupported',
  501: 'methodNotSupported',
};

function failure(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocument: null, didDocumentMetadata: {} };
}

function isResult(body: unknown): body is DIDResolutionResult {
  return (
    typeof body === 'object' &&
    body !== null &&
    'didResolutionMetadata' in body &&
    'didDocumentMetadata' in body
  );
}

/** Turns a registry answer (a resolution result, problem details or anything else) into a DID resolution result. */
function toResult(status: number, body: unknown): DIDResolutionResult {
  if (isResult(body) && (status === 200 || status === 410)) {
    return {
      didResolutionMetadata: body.didResolutionMetadata ?? {},
      didDocument: body.didDocument ?? null,
      didDocumentMetadata: body.didDocumentMetadata ?? {},
    };
  }
  if (isResult(body) && typeof body.didResolutionMetadata.error === 'string')
    return failure(
      body.didResolutionMetadata.error,
      String(body.didResolutionMetadata.errorMessage ?? body.didResolutionMetadata.message ?? ''),
    );
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    detail?: unknown;
  };
  const type = typeof problem.type === 'string' ? problem.type.split('#')[1] : undefined;
  const keyword = (type && DID_RESOLUTION_ERROR_KEYWORDS[type]) ?? STATUS_KEYWORDS[status] ?? 'internalError';
  return failure(
    keyword,
    typeof problem.detail === 'string' ? problem.detail : `the registry answered HTTP ${status}`,
  );
}

/**
 * The did-resolver driver of did:dpi: resolves against a registry's Universal Resolver endpoint
 * (`GET <registryUrl>/1.0/identifiers/{did}`, Accept application/did-resolution), passing the
 * versionId / versionTime options or DID URL parameters. Never throws: a network failure or timeout is
 * an `internalError` result (which callers such as DidResolutionService treat as transient).
 *
 *   new Resolver({ ...getResolver('http://127.0.0.1:3001') })
 */
export function getResolver(registryUrl: string, options: DidDpiDriverOptions = {}): { dpi: DIDResolver } {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = registryUrl.replace(/\/+$/, '');
  const dpi: DIDResolver = async (
    did: string,
    parsed: ParsedDID,
    _resolver,
    resolutionOptions: DIDResolutionOptions,
  ) => {
    const url = new URL(`${base}/1.0/identifiers/${encodeURIComponent(parsed.did)}`);
    const params = new URLSearchParams(parsed.query ?? '');
    for (const name of ['versionId', 'versionTime']) {
      const value = (resolutionOptions as Record<string, unknown>)[name] ?? params.get(name) ?? undefined;
      if (typeof value === 'string') url.searchParams.set(name, value);
    }
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: 'application/did-resolution' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return failure('internalError', `resolving ${did} at ${base} failed: ${(error as Error).message}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return toResult(response.status, body);
  };
  return { dpi };
}

/** The same driver under a name that says which method it is for. */
export const getDidDpiResolver = getResolver;
