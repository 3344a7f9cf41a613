/** The directives of a Cache-Control response header that a status list cache obeys. */
export interface CacheDirectives {
  /** Seconds the answer may be reused without asking again; undefined when the header gives none. */
  maxAgeSeconds: number | undefined;
  /** no-store: keep nothing. */
  noStore: boolean;
  /** no-cache: keep it, but revalidate before each use. */
  noCache: boolean;
}

/** Reads max-age, no-store and no-cache from a Cache-Control header (RFC 9111); other directives are ignored. */
export function parseCacheControl(header: string | undefined): CacheDirectives {
  const directives: CacheDirectives = { maxAgeSeconds: undefined, noStore: false, noCache: false };
  for (const part of (header ?? '').split(',')) {
    const [rawName = '', rawValue] = part.split('=', 2);
    const name = rawName.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"(.*)"$/, '$1');
    if (name === 'no-store') directives.noStore = true;
    else if (name === 'no-cache') directives.noCache = true;
    // A malformed max-age is treated as none; a repeated one keeps the first (RFC 9111 4.2.1 says either is stale-safe).
    else if (
      name === 'max-age' &&
      directives.maxAgeSeconds === undefined &&
      value !== undefined &&
      /^\d{1,10}$/.test(value)
    )
      directives.maxAgeSeconds = Number(value);
  }
  return directives;
}
