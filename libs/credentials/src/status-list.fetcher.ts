import { systemClock, type Clock } from '@dpi/did';

import { decodeStatusList, getBit } from './bitstring.util';
import { parseCacheControl } from './cache-control.util';
import { CredentialVerifier } from './credential.verifier';
import type { IssuerResolver } from './issuer.resolver';
import { OriginAllowList } from './origin-allow-list';
import { getStatusList, StatusListHttpError, type StatusListHttpAnswer } from './status-list-http.client';
import type { StatusListSource, StatusLookup } from './status-list.source';

/** Options of a StatusListFetcher. */
export interface StatusListFetcherOptions {
  /** The only origins lists are fetched from, e.g. [the identity registry's URL]. Anything else is refused unfetched. */
  allowedOrigins: readonly string[];
  /** Resolves the list's issuer, whose assertionMethod key must have signed it. */
  issuers: IssuerResolver;
  clock?: Clock;
  /** Most bytes of a list read (default 256 KiB; a 131,072-entry list is a few KiB at most). */
  maxBytes?: number;
  /** Give up on a fetch after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Most lists kept; the oldest go first (default 1000). */
  maxEntries?: number;
}

/** A verified list as kept. */
interface VerifiedList {
  issuer: string;
  purpose: string;
  bits: Buffer;
  etag: string | undefined;
  /** Until when (epoch ms) it is used without asking the server; revalidated with its ETag after. */
  freshUntil: number;
}

type ListOutcome = { status: 'found'; list: VerifiedList } | Exclude<StatusLookup, { status: 'found' }>;

const LIST_TYPE = 'BitstringStatusListCredential';

/**
 * Reads status list bits for a verifier outside the registry: fetches the BitstringStatusListCredential
 * (vc+jwt) at a credential's statusListCredential URL, only from the allowed origins, verifies its
 * signature by its issuer's assertionMethod key and its validity, and keeps it as long as the server's
 * Cache-Control max-age says, revalidating with If-None-Match after. The caller's status checker then
 * compares the list's issuer with the credential's. Failures are not kept: the next verification asks again.
 */
export class StatusListFetcher implements StatusListSource {
  private readonly allowList: OriginAllowList;
  private readonly verifier: CredentialVerifier;
  private readonly clock: Clock;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly cache = new Map<string, VerifiedList>();
  private readonly inFlight = new Map<string, Promise<ListOutcome>>();

  constructor(options: StatusListFetcherOptions) {
    this.allowList = new OriginAllowList(options.allowedOrigins);
    this.clock = options.clock ?? systemClock;
    // A list carries no status of its own, so its verifier reads none.
    this.verifier = new CredentialVerifier({
      issuers: options.issuers,
      statusLists: null,
      clock: this.clock,
    });
    this.maxBytes = options.maxBytes ?? 256 * 1024;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  async lookup(url: string, index: number): Promise<StatusLookup> {
    const outcome = await this.list(url);
    if (outcome.status !== 'found') return outcome;
    const { list } = outcome;
    const length = list.bits.length * 8;
    return {
      status: 'found',
      issuer: list.issuer,
      purpose: list.purpose,
      length,
      set: index < length ? getBit(list.bits, index) : null,
    };
  }

  /** Forgets every kept list. */
  clear(): void {
    this.cache.clear();
  }

  private list(url: string): Promise<ListOutcome> {
    const target = this.allowList.permit(url);
    if (!target)
      return Promise.resolve({
        status: 'unavailable',
        detail: `${url.slice(0, 200)} is not under the origins this verifier fetches status lists from (${this.allowList.describe()}), so it was not fetched and the status is unknown.`,
      });
    const cached = this.cache.get(target.href);
    if (cached && cached.freshUntil > this.clock.now().getTime())
      return Promise.resolve({ status: 'found', list: cached });
    // Concurrent verifications of credentials on one list share one fetch.
    const pending = this.inFlight.get(target.href);
    if (pending) return pending;
    const fetching = this.fetch(target, cached).finally(() => this.inFlight.delete(target.href));
    this.inFlight.set(target.href, fetching);
    return fetching;
  }

  private async fetch(url: URL, cached: VerifiedList | undefined): Promise<ListOutcome> {
    let answer: StatusListHttpAnswer;
    try {
      answer = await getStatusList(url, {
        maxBytes: this.maxBytes,
        timeoutMs: this.timeoutMs,
        etag: cached?.etag,
      });
    } catch (error) {
      this.cache.delete(url.href);
      const reason = error instanceof StatusListHttpError ? error.message : 'the fetch failed';
      return { status: 'unavailable', detail: `${url.href} could not be fetched: ${reason}.` };
    }
    if (answer.status === 304 && cached) {
      const list = { ...cached, etag: answer.etag ?? cached.etag, freshUntil: this.freshUntil(answer) };
      this.keep(url.href, list, answer);
      return { status: 'found', list };
    }
    this.cache.delete(url.href);
    if (answer.status !== 200)
      return {
        status: 'unavailable',
        detail: `${url.href} answered HTTP ${answer.status}${answer.status >= 300 && answer.status < 400 ? ' (redirects are not followed)' : ''}, so the status is unknown.`,
      };
    const outcome = await this.verify(url.href, answer);
    if (outcome.status === 'found') this.keep(url.href, outcome.list, answer);
    return outcome;
  }

  /** Checks the list credential: a verified vc+jwt BitstringStatusListCredential, at its own id, with a readable list. */
  private async verify(url: string, answer: StatusListHttpAnswer): Promise<ListOutcome> {
    const invalid = (detail: string): ListOutcome => ({
      status: 'invalid',
      detail: `the status list credential at ${url} ${detail}`,
    });
    const verdict = await this.verifier.verify(answer.body);
    if (!verdict.verified || !verdict.credential || !verdict.issuer)
      return invalid(
        `does not verify: ${verdict.problems.map((problem) => `${problem.code} (${problem.detail})`).join('; ')}`,
      );
    const { credential } = verdict;
    if (!Array.isArray(credential.type) || !credential.type.includes(LIST_TYPE))
      return invalid(`is not a ${LIST_TYPE}`);
    // Binds the list to its URL, so a list of the same issuer served at another URL is not taken for it.
    if (credential.id !== url) return invalid(`has the id ${String(credential.id)}, not its URL`);
    const subject = credential.credentialSubject as Record<string, unknown> | null;
    if (typeof subject !== 'object' || subject === null || subject.type !== 'BitstringStatusList')
      return invalid('has no BitstringStatusList subject');
    if (typeof subject.statusPurpose !== 'string') return invalid('has no statusPurpose');
    let bits: Buffer;
    try {
      bits = decodeStatusList(typeof subject.encodedList === 'string' ? subject.encodedList : '');
    } catch (error) {
      return invalid(`has an unreadable encodedList: ${(error as Error).message}`);
    }
    return {
      status: 'found',
      list: {
        issuer: verdict.issuer,
        purpose: subject.statusPurpose,
        bits,
        etag: answer.etag,
        freshUntil: this.freshUntil(answer),
      },
    };
  }

  private freshUntil(answer: StatusListHttpAnswer): number {
    const { maxAgeSeconds, noCache } = parseCacheControl(answer.cacheControl);
    return this.clock.now().getTime() + (noCache || maxAgeSeconds === undefined ? 0 : maxAgeSeconds * 1000);
  }

  /** Keeps a list unless the server said no-store, or it could neither be reused nor revalidated. */
  private keep(url: string, list: VerifiedList, answer: StatusListHttpAnswer): void {
    const reusable = list.freshUntil > this.clock.now().getTime() || list.etag !== undefined;
    if (parseCacheControl(answer.cacheControl).noStore || !reusable) {
      this.cache.delete(url);
      return;
    }
    this.cache.delete(url);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(url, list);
  }
}
