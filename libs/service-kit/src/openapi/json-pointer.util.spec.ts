import { escapePointer, followRefs, nodeAt, unescapePointer } from './json-pointer.util';

const document = {
  paths: { '/a/{id}': { get: { $ref: '#/components/x' } } },
  components: { x: { $ref: '#/components/y' }, y: { ok: true }, loop: { $ref: '#/components/loop' } },
  list: [{ n: 1 }],
};

describe('JSON pointers into a contract', () => {
  it('escapes and unescapes names with / and ~', () => {
    expect(escapePointer('/a/{id}~')).toBe('~1a~1{id}~0');
    expect(unescapePointer('~1a~1{id}~0')).toBe('/a/{id}~');
  });

  it('finds nodes, array items included, and never a prototype member', () => {
    expect(nodeAt(document, `/paths/${escapePointer('/a/{id}')}/get`)).toEqual({ $ref: '#/components/x' });
    expect(nodeAt(document, '/list/0/n')).toBe(1);
    expect(nodeAt(document, '/list/length')).toBeUndefined();
    expect(nodeAt(document, '/components/constructor')).toBeUndefined();
    expect(nodeAt(document, '/components/__proto__')).toBeUndefined();
  });

  it('follows local references to their end, and refuses loops and remote references', () => {
    expect(followRefs(document, '/components/x')).toEqual(['/components/y', { ok: true }]);
    expect(() => followRefs(document, '/components/loop')).toThrow('cannot follow $ref');
    expect(() => followRefs({ a: { $ref: 'http://example.com/s.json' } }, '/a')).toThrow(
      'cannot follow $ref',
    );
  });
});
