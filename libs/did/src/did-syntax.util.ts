// DID Core 1.0 section 3.1 (DID syntax) and 3.2 (DID URL syntax), as regular expressions.
const IDCHAR = '(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})';
const PCHAR = "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})";
const DID_SOURCE = `did:[a-z0-9]+:(?:${IDCHAR}*:)*${IDCHAR}+`;

/** A DID as DID Core's ABNF defines it: `did:` method-name `:` method-specific-id. */
export const DID_PATTERN = new RegExp(`^${DID_SOURCE}$`);
const DID_URL_PATTERN = new RegExp(
  `^(${DID_SOURCE})((?:/${PCHAR}*)*)(?:\\?((?:${PCHAR}|[/?])*))?(?:#((?:${PCHAR}|[/?])*))?$`,
);

/** A DID URL split into its parts (DID Core section 3.2). */
export interface ParsedDidUrl {
  did: string;
  method: string;
  methodSpecificId: string;
  /** The path, including its leading `/`; '' when absent. */
  path: string;
  query?: string;
  fragment?: string;
  /** The query's parameters (`versionId`, `versionTime`, ...), percent-decoded. */
  params: Record<string, string>;
}

/** Whether `value` is a DID (no path, query or fragment) under DID Core's syntax. */
export function isDid(value: string): boolean {
  return DID_PATTERN.test(value);
}

/** Parses a DID or DID URL strictly; undefined when it does not follow DID Core's syntax. */
export function parseDidUrl(value: string): ParsedDidUrl | undefined {
  const match = DID_URL_PATTERN.exec(value);
  if (!match) return undefined;
  const [, did = '', path = '', query, fragment] = match;
  const method = did.slice(4, did.indexOf(':', 4));
  const params: Record<string, string> = {};
  if (query) {
    for (const pair of query.split('&')) {
      if (!pair) continue;
      const [name = '', ...rest] = pair.split('=');
      try {
        params[decodeURIComponent(name)] = decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return {
    did,
    method,
    methodSpecificId: did.slice(5 + method.length),
    path,
    ...(query !== undefined ? { query } : {}),
    ...(fragment !== undefined ? { fragment } : {}),
    params,
  };
}
