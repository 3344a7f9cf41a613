import { isDid, parseDidUrl } from './did-syntax.util';

describe('DID syntax (DID Core 3.1, 3.2)', () => {
  it.each([
    'did:example:123456789abcdefghi',
    'did:web:w3c-ccg.github.io:user:alice',
    'did:web:example.com%3A3000',
    'did:dpi:LeeSNtAvGgEYGxjDCvrdVB',
    'did:example::x',
  ])('accepts the DID %s', (did) => {
    expect(isDid(did)).toBe(true);
  });

  it.each([
    'not-a-did',
    'did:example',
    'did:example:',
    'did:Example:1',
    'did:ex_ample:1',
    'did:example:a b',
    'did:example:%zz',
    'did:example:1:',
  ])('refuses %s', (value) => {
    expect(isDid(value)).toBe(false);
  });

  it('splits a DID URL into DID, path, query (decoded parameters) and fragment', () => {
    expect(
      parseDidUrl('did:example:123/path/a?versionId=2&versionTime=2026-01-01T00%3A00%3A00Z#key-1'),
    ).toEqual({
      did: 'did:example:123',
      method: 'example',
      methodSpecificId: '123',
      path: '/path/a',
      query: 'versionId=2&versionTime=2026-01-01T00%3A00%3A00Z',
      fragment: 'key-1',
      params: { versionId: '2', versionTime: '2026-01-01T00:00:00Z' },
    });
    expect(parseDidUrl('did:example:123')).toEqual({
      did: 'did:example:123',
      method: 'example',
      methodSpecificId: '123',
      path: '',
      params: {},
    });
  });

  it.each(['did:example:123#a#b', 'did:example:123 /x', 'did:example:123?a=%zz', 'did:example'])(
    'refuses the DID URL %s',
    (value) => {
      expect(parseDidUrl(value)).toBeUndefined();
    },
  );
});
