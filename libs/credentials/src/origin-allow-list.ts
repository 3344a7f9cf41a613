/**
 * The origins (scheme, host, port) a verifier may fetch status lists from, given by the operator. A URL
 * taken from a credential is fetched only when its origin is on the list: the credential's sender
 * chooses that URL, and an unchecked fetch would let it make the verifier call any address it can
 * reach (SSRF).
 */
export class OriginAllowList {
  private readonly origins: ReadonlySet<string>;

  /** `origins` are URLs; only their origin counts (`https://registry.example/any/path` allows `https://registry.example`). */
  constructor(origins: readonly string[]) {
    this.origins = new Set(
      origins.map((origin) => {
        const url = new URL(origin);
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
          throw new TypeError(`${origin}: status lists are fetched over https or http only`);
        return url.origin;
      }),
    );
  }

  /** The parsed URL when it may be fetched: http(s), no user info, an allowed origin; undefined otherwise. */
  permit(raw: string): URL | undefined {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username !== '' || url.password !== '') return undefined;
    return this.origins.has(url.origin) ? url : undefined;
  }

  /** The allowed origins, for messages. */
  describe(): string {
    return [...this.origins].join(', ') || '(none)';
  }
}
