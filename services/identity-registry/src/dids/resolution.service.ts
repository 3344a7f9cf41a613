import { Inject, Injectable } from '@nestjs/common';
import { Resolver, type DIDDocument, type DIDDocumentMetadata, type DIDResolver } from 'did-resolver';

import {
  didKeyDocument,
  DidResolutionService,
  isDidDpi,
  parseDidUrl,
  type DidResolutionOutcome,
} from '@dpi/did';

import { didDateTime, HistoryIntegrityError, verifyHistory, type DidVersion } from './did-history';
import { DidResolutionException } from './did-resolution.exception';
import { DidVersionRepository } from './did-version.repository';

/** Injection tokens: the did:dpi resolution cache, and the did:web resolver (with its own cache). */
export const DPI_RESOLUTION_CACHE = Symbol('DPI_RESOLUTION_CACHE');
export const DID_WEB_RESOLVER = Symbol('DID_WEB_RESOLVER');

/** How long did:web answers are reused: a document a minute, a missing or refused one 10 s, a failure 5 s. */
export const DID_WEB_CACHE = { ttlMs: 60_000, notFoundTtlMs: 10_000, transientTtlMs: 5_000 } as const;

/** The methods this resolver resolves. */
export const SUPPORTED_METHODS = ['dpi', 'key', 'web'] as const;

/** A resolved DID: the document (null when deactivated), its metadata and how long it may be reused. */
export interface ResolvedDid {
  did: string;
  method: string;
  document: DIDDocument | null;
  metadata: DIDDocumentMetadata;
  deactivated: boolean;
  /** Entity tag base (without the representation); undefined when there is nothing stable to name. */
  etag?: string;
  /** The Cache-Control of the document representations (the result may differ, see the controller). */
  cacheControl: string;
}

const VERSION_ID = /^[1-9][0-9]{0,8}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const OPTIONS = new Set(['versionId', 'versionTime']);

/** Reads and verifies a did:dpi history, as a did-resolver driver (the cache resolves through it). */
export function dpiHistoryDriver(versions: DidVersionRepository): DIDResolver {
  return async (did) => {
    try {
      const history = await versions.history(did);
      verifyHistory(history);
      if (history.length === 0)
        return {
          didResolutionMetadata: { error: 'notFound', message: `${did} is not registered` },
          didDocument: null,
          didDocumentMetadata: {},
        };
      const selected = selectVersion(history, history.length - 1);
      return {
        didResolutionMetadata: {},
        didDocument: selected.document,
        didDocumentMetadata: selected.metadata,
      };
    } catch (error) {
      const message = error instanceof HistoryIntegrityError ? error.message : 'the registry database failed';
      return {
        didResolutionMetadata: { error: 'internalError', message },
        didDocument: null,
        didDocumentMetadata: {},
      };
    }
  };
}

/** The document and DID Core metadata of one version, as of that version (later versions announced by nextVersionId). */
export function selectVersion(
  history: DidVersion[],
  index: number,
): { document: DIDDocument | null; metadata: DIDDocumentMetadata } {
  const version = history[index] as DidVersion;
  const next = history[index + 1];
  const metadata: DIDDocumentMetadata = {
    created: didDateTime((history[0] as DidVersion).versionTime),
    ...(version.version > 1 ? { updated: didDateTime(version.versionTime) } : {}),
    ...(version.operation === 'deactivate' ? { deactivated: true } : {}),
    versionId: String(version.version),
    ...(next ? { nextUpdate: didDateTime(next.versionTime), nextVersionId: String(next.version) } : {}),
  };
  return { document: version.document ? (JSON.parse(version.document) as DIDDocument) : null, metadata };
}

/** Resolves did:dpi (from the registry, cached), did:key (derived) and did:web (fetched) for the HTTP binding. */
@Injectable()
export class ResolutionService {
  private readonly dpiDriver: DIDResolver;
  // Keyed by the cache's outcome object, so the cached path builds nothing per request.
  private readonly resolvedByOutcome = new WeakMap<DidResolutionOutcome, ResolvedDid>();

  constructor(
    private readonly versions: DidVersionRepository,
    @Inject(DPI_RESOLUTION_CACHE) private readonly cache: DidResolutionService | undefined,
    @Inject(DID_WEB_RESOLVER) private readonly web: DidResolutionService,
  ) {
    this.dpiDriver = dpiHistoryDriver(versions);
  }

  /** Resolves a DID (or a DID URL carrying only versionId / versionTime) with the given resolution options. */
  async resolve(identifier: string, query: Record<string, unknown>): Promise<ResolvedDid> {
    const parsed = parseDidUrl(identifier);
    if (!parsed) {
      const looksLikeUrl = /^did:[a-z0-9]+:[^/?#]+[/?#]/.test(identifier);
      throw new DidResolutionException(
        looksLikeUrl ? 'INVALID_DID_URL' : 'INVALID_DID',
        looksLikeUrl
          ? `${identifier} is not a valid DID URL (DID Core section 3.2).`
          : `${identifier || '(nothing)'} is not a DID: a DID is did:<method>:<method-specific-id>, e.g. did:dpi:LeeSNtAvGgEYGxjDCvrdVB (DID Core section 3.1).`,
      );
    }
    if (parsed.path || parsed.fragment !== undefined)
      throw new DidResolutionException(
        'FEATURE_NOT_SUPPORTED',
        `${identifier} asks for DID URL dereferencing (a path or fragment), which this resolver does not do: resolve ${parsed.did} and select the part you need.`,
      );
    const options = this.options({ ...parsed.params, ...query });
    switch (parsed.method) {
      case 'dpi':
        return this.resolveDpi(parsed.did, options);
      case 'key':
        return this.resolveKey(parsed.did, options);
      case 'web':
        return this.resolveWeb(parsed.did, options);
      default:
        throw new DidResolutionException(
          'METHOD_NOT_SUPPORTED',
          `This resolver resolves did:${SUPPORTED_METHODS.join(', did:')}; not did:${parsed.method}. GET /1.0/methods lists them.`,
        );
    }
  }

  /** Drops a did:dpi DID from the cache (after every write). */
  invalidate(did: string): void {
    this.cache?.invalidate(did);
  }

  private options(raw: Record<string, unknown>): { versionId?: string; versionTime?: Date } {
    const unknown = Object.keys(raw).filter((name) => !OPTIONS.has(name));
    if (unknown.length > 0)
      throw new DidResolutionException(
        'INVALID_OPTIONS',
        `Unknown resolution option ${unknown.join(', ')}; the options are versionId and versionTime.`,
      );
    const { versionId, versionTime } = raw;
    if (versionId !== undefined && versionTime !== undefined)
      throw new DidResolutionException(
        'INVALID_OPTIONS',
        'versionId and versionTime exclude each other; give one.',
      );
    if (versionId !== undefined && (typeof versionId !== 'string' || !VERSION_ID.test(versionId)))
      throw new DidResolutionException('INVALID_OPTIONS', 'versionId is a version number: 1, 2, 3...');
    if (
      versionTime !== undefined &&
      (typeof versionTime !== 'string' ||
        !DATE_TIME.test(versionTime) ||
        Number.isNaN(Date.parse(versionTime)))
    )
      throw new DidResolutionException(
        'INVALID_OPTIONS',
        'versionTime is an XML datetime such as 2026-11-22T10:00:00Z.',
      );
    return {
      ...(typeof versionId === 'string' ? { versionId } : {}),
      ...(typeof versionTime === 'string' ? { versionTime: new Date(versionTime) } : {}),
    };
  }

  private async resolveDpi(
    did: string,
    options: { versionId?: string; versionTime?: Date },
  ): Promise<ResolvedDid> {
    if (!isDidDpi(did))
      throw new DidResolutionException(
        'INVALID_DID',
        `${did} is not a valid did:dpi DID: after did:dpi: comes base58btc of 16 bytes (16 to 22 characters, no 0, O, I or l).`,
      );
    if (options.versionId === undefined && options.versionTime === undefined) {
      if (this.cache) {
        const outcome = await this.cache.resolve(did);
        let resolved = this.resolvedByOutcome.get(outcome);
        if (!resolved) {
          resolved = this.fromOutcome(outcome);
          this.resolvedByOutcome.set(outcome, resolved);
        }
        return resolved;
      }
      const result = await this.dpiDriver(
        did,
        { did, didUrl: did, method: 'dpi', id: did.slice(8) },
        new Resolver({}),
        {},
      );
      if (result.didResolutionMetadata.error)
        throw this.failure(
          did,
          result.didResolutionMetadata.error,
          String(result.didResolutionMetadata.message ?? ''),
        );
      return this.dpiResolved(did, result.didDocument, result.didDocumentMetadata, false);
    }
    let history: DidVersion[];
    try {
      history = await this.versions.history(did);
      verifyHistory(history);
    } catch (error) {
      throw this.failure(
        did,
        'internalError',
        error instanceof HistoryIntegrityError ? error.message : 'the registry database failed',
      );
    }
    if (history.length === 0) throw this.failure(did, 'notFound', '');
    const index =
      options.versionId !== undefined
        ? history.findIndex((version) => String(version.version) === options.versionId)
        : history.findLastIndex((version) => version.versionTime <= (options.versionTime as Date));
    if (index < 0)
      throw new DidResolutionException(
        'NOT_FOUND',
        options.versionId !== undefined
          ? `${did} has no version ${options.versionId}; its versions are 1 to ${history.length}.`
          : `${did} did not exist yet at ${didDateTime(options.versionTime as Date)}; it was created ${didDateTime((history[0] as DidVersion).versionTime)}.`,
      );
    const { document, metadata } = selectVersion(history, index);
    return this.dpiResolved(did, document, metadata, options.versionId !== undefined);
  }

  private fromOutcome(outcome: DidResolutionOutcome): ResolvedDid {
    if (outcome.status === 'failed') throw this.failure(outcome.did, outcome.error, outcome.message ?? '');
    return this.dpiResolved(
      outcome.did,
      outcome.status === 'found' ? outcome.document : null,
      outcome.metadata,
      false,
    );
  }

  private dpiResolved(
    did: string,
    document: DIDDocument | null,
    metadata: DIDDocumentMetadata,
    pinned: boolean,
  ): ResolvedDid {
    const deactivated = metadata.deactivated === true;
    return {
      did,
      method: 'dpi',
      document,
      metadata,
      deactivated,
      // The entity tag changes when a next version appears, since the metadata announces it.
      etag: `${metadata.versionId}${metadata.nextVersionId ? `.${metadata.nextVersionId}` : ''}`,
      cacheControl: deactivated
        ? 'public, max-age=3600'
        : pinned
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
    };
  }

  private failure(did: string, error: string, message: string): DidResolutionException {
    if (error === 'notFound')
      return new DidResolutionException(
        'NOT_FOUND',
        `${did} is not registered here. A did:dpi DID exists once it is created with POST /1.0/create?method=dpi.`,
      );
    return new DidResolutionException('INTERNAL_ERROR', `${did} could not be resolved: ${message || error}.`);
  }

  private resolveKey(did: string, options: object): ResolvedDid {
    if (Object.keys(options).length > 0)
      throw new DidResolutionException(
        'INVALID_OPTIONS',
        'A did:key has a single version: versionId and versionTime do not apply.',
      );
    try {
      const document = didKeyDocument(did);
      return {
        did,
        method: 'key',
        document,
        metadata: {},
        deactivated: false,
        etag: 'key',
        cacheControl: 'public, max-age=86400, immutable',
      };
    } catch (error) {
      throw new DidResolutionException(
        'INVALID_DID',
        `${did} is not a did:key this resolver supports: ${(error as Error).message}. It resolves Ed25519 did:key DIDs (z6Mk...).`,
      );
    }
  }

  private async resolveWeb(did: string, options: object): Promise<ResolvedDid> {
    if (Object.keys(options).length > 0)
      throw new DidResolutionException(
        'INVALID_OPTIONS',
        'did:web keeps no versions: versionId and versionTime do not apply.',
      );
    const outcome = await this.web.resolve(did);
    if (outcome.status === 'failed') {
      // The driver's messages name no address, port or low-level error (see the did:web driver).
      const detail = `${did}: ${outcome.message ?? outcome.error}.`;
      if (outcome.error === 'notFound') throw new DidResolutionException('NOT_FOUND', detail);
      // invalidDid also covers a host this resolver refuses to contact (a non-public address).
      if (outcome.error === 'invalidDid') throw new DidResolutionException('INVALID_DID', detail);
      if (outcome.transient)
        throw new DidResolutionException(
          'INTERNAL_ERROR',
          `${did} could not be fetched: ${outcome.message ?? 'failed'}.`,
        );
      throw new DidResolutionException('INVALID_DID_DOCUMENT', detail);
    }
    return {
      did,
      method: 'web',
      document: outcome.status === 'found' ? outcome.document : null,
      metadata: outcome.metadata,
      deactivated: outcome.status === 'deactivated',
      cacheControl: 'no-cache',
    };
  }
}
