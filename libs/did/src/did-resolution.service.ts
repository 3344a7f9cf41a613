import {
  parse,
  Resolver,
  type DIDDocument,
  type DIDDocumentMetadata,
  type DIDResolutionResult,
  type ResolverRegistry,
} from 'did-resolver';
import { systemClock, type Clock } from './clock';
import { getDidKeyResolver } from './did-key.driver';
import { getDidWebResolver, type DidWebOptions } from './did-web.driver';

/** What resolving a DID led to; `failed` says whether retrying may help. */
export type DidResolutionOutcome =
  | { status: 'found'; did: string; document: DIDDocument; metadata: DIDDocumentMetadata }
  | { status: 'deactivated'; did: string; metadata: DIDDocumentMetadata }
  | { status: 'failed'; did: string; error: string; message?: string; transient: boolean };

/** Options of the resolution service. */
export interface DidResolutionServiceOptions {
  /** Extra or replacement drivers by method name (e.g. `{ dpi: ... }` for the registry's own method). */
  drivers?: ResolverRegistry;
  /** did:web driver options, or false to leave did:web out. */
  web?: DidWebOptions | false;
  /** How long a resolved (or deactivated, invalid, unsupported) result is reused; default 5 minutes. */
  ttlMs?: number;
  /** How long a `notFound` is reused (a DID may be created any moment); default 10 seconds. */
  notFoundTtlMs?: number;
  /** How long a transient failure is reused (0, the default: retried at once; more spares a failing host). */
  transientTtlMs?: number;
  /** Most entries kept; the oldest go first. Default 10,000. */
  maxEntries?: number;
  clock?: Clock;
}

// DID Core keywords, the did-resolver package's dialect and the DID Resolution draft's problem types,
// normalised to DID Core's. Errors listed here are facts about the DID; anything else may pass.
const PERMANENT_ERRORS: Record<string, string> = {
  invalidDid: 'invalidDid',
  INVALID_DID: 'invalidDid',
  notFound: 'notFound',
  NOT_FOUND: 'notFound',
  methodNotSupported: 'methodNotSupported',
  unsupportedDidMethod: 'methodNotSupported',
  METHOD_NOT_SUPPORTED: 'methodNotSupported',
  representationNotSupported: 'representationNotSupported',
  REPRESENTATION_NOT_SUPPORTED: 'representationNotSupported',
  invalidDidDocument: 'invalidDidDocument',
  invalidPublicKeyType: 'invalidPublicKeyType',
  invalidPublicKeyLength: 'invalidPublicKeyLength',
};

interface CacheEntry {
  outcome: DidResolutionOutcome;
  expiresAt: number;
}

/**
 * Resolves DIDs through did-resolver drivers (did:key, did:web and any the caller adds) with a TTL cache.
 * Transient failures are not cached unless `transientTtlMs` says so; `invalidate(did)` drops an entry when the registry says it changed.
 * A cached outcome is returned as the same object each time, so callers may key their own caches on it.
 */
export class DidResolutionService {
  private readonly resolver: Resolver;
  private readonly ttlMs: number;
  private readonly notFoundTtlMs: number;
  private readonly transientTtlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<DidResolutionOutcome>>();
  // Bumped by every invalidation so a resolution started before it does not cache a stale answer.
  private epoch = 0;

  constructor(options: DidResolutionServiceOptions = {}) {
    const web = options.web === false ? {} : getDidWebResolver(options.web ?? {});
    this.resolver = new Resolver({ ...getDidKeyResolver(), ...web, ...options.drivers });
    this.ttlMs = options.ttlMs ?? 300_000;
    this.notFoundTtlMs = options.notFoundTtlMs ?? 10_000;
    this.transientTtlMs = options.transientTtlMs ?? 0;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves a DID (a DID URL's fragment, path and query are ignored); never throws. */
  resolve(didOrUrl: string): Promise<DidResolutionOutcome> {
    const did = parse(didOrUrl)?.did ?? didOrUrl;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(did);
    if (cached && cached.expiresAt > now) return Promise.resolve(cached.outcome);
    if (cached) this.cache.delete(did);
    const pending = this.inFlight.get(did);
    if (pending) return pending;
    const startedEpoch = this.epoch;
    const promise = this.resolveUncached(did).then((outcome) => {
      if (this.inFlight.get(did) === promise) this.inFlight.delete(did);
      if (startedEpoch === this.epoch) this.store(did, outcome);
      return outcome;
    });
    this.inFlight.set(did, promise);
    return promise;
  }

  /** Forgets what is known about a DID, so the next resolution asks its driver again. */
  invalidate(didOrUrl: string): void {
    const did = parse(didOrUrl)?.did ?? didOrUrl;
    this.epoch++;
    this.cache.delete(did);
    this.inFlight.delete(did);
  }

  /** Forgets every cached resolution. */
  clear(): void {
    this.epoch++;
    this.cache.clear();
    this.inFlight.clear();
  }

  /** Number of cached outcomes (for metrics). */
  get size(): number {
    return this.cache.size;
  }

  private store(did: string, outcome: DidResolutionOutcome): void {
    const ttl =
      outcome.status !== 'failed'
        ? this.ttlMs
        : outcome.transient
          ? this.transientTtlMs
          : outcome.error === 'notFound'
            ? this.notFoundTtlMs
            : this.ttlMs;
    if (ttl <= 0) return;
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(did, { outcome, expiresAt: this.clock.now().getTime() + ttl });
  }

  private async resolveUncached(did: string): Promise<DidResolutionOutcome> {
    let result: DIDResolutionResult;
    try {
      result = await this.resolver.resolve(did);
    } catch (error) {
      return {
        status: 'failed',
        did,
        error: 'internalError',
        message: (error as Error).message,
        transient: true,
      };
    }
    return toOutcome(did, result);
  }
}

function toOutcome(did: string, result: DIDResolutionResult): DidResolutionOutcome {
  const metadata = result.didDocumentMetadata ?? {};
  const error = result.didResolutionMetadata?.error;
  const message =
    typeof result.didResolutionMetadata?.message === 'string'
      ? result.didResolutionMetadata.message
      : undefined;
  if (metadata.deactivated === true) return { status: 'deactivated', did, metadata };
  if (error) {
    const permanent = PERMANENT_ERRORS[error];
    return { status: 'failed', did, error: permanent ?? error, message, transient: permanent === undefined };
  }
  if (!result.didDocument || result.didDocument.id !== did) {
    return {
      status: 'failed',
      did,
      error: 'invalidDidDocument',
      message: 'the resolved document does not describe this DID',
      transient: false,
    };
  }
  return { status: 'found', did, document: result.didDocument, metadata };
}
