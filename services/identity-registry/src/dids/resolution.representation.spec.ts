import {
  errorResultBody,
  ifNoneMatchHits,
  negotiateRepresentation,
  representationBody,
} from './resolution.representation';

describe('content negotiation of GET /1.0/identifiers', () => {
  it.each([
    [undefined, 'result'],
    ['', 'result'],
    ['*/*', 'result'],
    ['application/*', 'result'],
    ['application/did-resolution', 'result'],
    ['application/ld+json;profile="https://w3id.org/did-resolution"', 'result'],
    ['application/did', 'did'],
    ['application/did+json', 'did+json'],
    ['application/did+ld+json', 'did+ld+json'],
    ['text/html, application/did+json;q=0.5', 'did+json'],
    ['application/did+json;q=0.4, application/did+ld+json;q=0.9', 'did+ld+json'],
    ['*/*;q=0.1, application/did', 'did'],
    ['APPLICATION/DID+JSON', 'did+json'],
  ])('Accept %p gives %s', (accept, expected) => {
    expect(negotiateRepresentation(accept)).toBe(expected);
  });

  it.each([
    'text/html',
    'application/json',
    'application/did-resolution;q=0',
    'application/ld+json',
    'image/*',
  ])('Accept %p gives nothing (406)', (accept) => {
    expect(negotiateRepresentation(accept)).toBeUndefined();
  });

  it('drops @context only from the plain JSON representation and wraps the result', () => {
    const document = { '@context': ['https://www.w3.org/ns/did/v1'], id: 'did:example:1' };
    expect(JSON.parse(representationBody('did+json', document, {}))).toEqual({ id: 'did:example:1' });
    expect(JSON.parse(representationBody('did+ld+json', document, {}))).toEqual(document);
    expect(JSON.parse(representationBody('result', document, { versionId: '1' }))).toEqual({
      '@context': 'https://w3id.org/did-resolution/v1',
      didDocument: document,
      didResolutionMetadata: { contentType: 'application/did' },
      didDocumentMetadata: { versionId: '1' },
    });
  });

  it('writes a failed resolution with DID Core keyword, problem details, null document and empty metadata', () => {
    expect(JSON.parse(errorResultBody('NOT_FOUND', 'DID not found', 404, 'nope'))).toEqual({
      '@context': 'https://w3id.org/did-resolution/v1',
      didDocument: null,
      didResolutionMetadata: {
        error: 'notFound',
        errorMessage: 'nope',
        problemDetails: {
          type: 'https://www.w3.org/ns/did#NOT_FOUND',
          title: 'DID not found',
          status: 404,
          detail: 'nope',
        },
      },
      didDocumentMetadata: {},
    });
  });

  it('matches If-None-Match weakly, in lists and with *', () => {
    expect(ifNoneMatchHits('"2-result"', '"2-result"')).toBe(true);
    expect(ifNoneMatchHits('W/"2-result"', '"2-result"')).toBe(true);
    expect(ifNoneMatchHits('"1-result", "2-result"', '"2-result"')).toBe(true);
    expect(ifNoneMatchHits('*', '"2-result"')).toBe(true);
    expect(ifNoneMatchHits('"1-result"', '"2-result"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"2-result"')).toBe(false);
  });
});
