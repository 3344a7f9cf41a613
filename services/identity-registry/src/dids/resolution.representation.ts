import type { DIDDocument, DIDDocumentMetadata } from 'did-resolver';

import {
  DID_CORE_ERROR_KEYWORDS,
  didProblemType,
  type DidResolutionErrorCode,
} from './did-resolution.exception';

/** What a resolution can be answered with: the whole result or the document in one of its media types. */
export type Representation = 'result' | 'did' | 'did+json' | 'did+ld+json';

/** Media type of each representation. */
export const MEDIA_TYPES: Readonly<Record<Representation, string>> = {
  result: 'application/did-resolution',
  did: 'application/did',
  'did+json': 'application/did+json',
  'did+ld+json': 'application/did+ld+json',
};

/** The media types GET /1.0/identifiers answers with, as the 406 detail lists them. */
export const SUPPORTED_ACCEPT = [
  ...Object.values(MEDIA_TYPES),
  'application/ld+json;profile="https://w3id.org/did-resolution"',
];

/** The JSON-LD context of a DID resolution result. */
export const RESOLUTION_CONTEXT = 'https://w3id.org/did-resolution/v1';

// Preference when the client rates several equally: the whole result first (as the Universal Resolver does).
const ORDER: Representation[] = ['result', 'did+ld+json', 'did', 'did+json'];

function representationOf(type: string, profile: string | undefined): Representation | 'any' | undefined {
  if (type === '*/*' || type === 'application/*') return 'any';
  if (type === 'application/ld+json' && profile === 'https://w3id.org/did-resolution') return 'result';
  return (Object.keys(MEDIA_TYPES) as Representation[]).find((key) => MEDIA_TYPES[key] === type);
}

/**
 * Picks the representation for an Accept header (RFC 9110 content negotiation with q-values): none or
 * `*\/*` means the whole resolution result; undefined when nothing acceptable is offered (406).
 */
export function negotiateRepresentation(accept: string | undefined): Representation | undefined {
  if (!accept || !accept.trim()) return 'result';
  let best: { representation: Representation; q: number; rank: number } | undefined;
  for (const range of accept.split(',')) {
    const [rawType = '', ...rawParams] = range.split(';');
    const params = new Map(
      rawParams.map((param) => {
        const [name = '', value = ''] = param.split('=');
        return [name.trim().toLowerCase(), value.trim().replace(/^"|"$/g, '')] as const;
      }),
    );
    const q = params.has('q') ? Number(params.get('q')) : 1;
    const found = representationOf(rawType.trim().toLowerCase(), params.get('profile'));
    if (!found || !(q > 0) || q > 1) continue;
    const representation = found === 'any' ? 'result' : found;
    // A specific type beats a wildcard of the same q.
    const rank = ORDER.indexOf(representation) + (found === 'any' ? ORDER.length : 0);
    if (!best || q > best.q || (q === best.q && rank < best.rank)) best = { representation, q, rank };
  }
  return best?.representation;
}

/** The body of a representation: the document (without @context for plain JSON) or the whole result. */
export function representationBody(
  representation: Representation,
  document: DIDDocument | null,
  documentMetadata: DIDDocumentMetadata,
): string {
  if (representation === 'result')
    return JSON.stringify({
      '@context': RESOLUTION_CONTEXT,
      didDocument: document,
      didResolutionMetadata: { contentType: MEDIA_TYPES.did },
      didDocumentMetadata: documentMetadata,
    });
  if (representation === 'did+json' && document) {
    const { '@context': _context, ...plain } = document;
    return JSON.stringify(plain);
  }
  return JSON.stringify(document);
}

/** A failed resolution as a DID resolution result: DID Core's error keyword plus the problem details. */
export function errorResultBody(
  code: DidResolutionErrorCode,
  title: string,
  status: number,
  detail: string,
): string {
  return JSON.stringify({
    '@context': RESOLUTION_CONTEXT,
    didDocument: null,
    didResolutionMetadata: {
      error: DID_CORE_ERROR_KEYWORDS[code],
      errorMessage: detail,
      problemDetails: { type: didProblemType(code), title, status, detail },
    },
    didDocumentMetadata: {},
  });
}

/** Whether an If-None-Match header matches an entity tag (weak comparison, RFC 9110 13.1.2). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === bare;
  });
}
