import { parsePublishPolicyFile as parsePolicyFile } from '../publish-policy';
import { choosePolicyFile } from './tail-policy.loader';

const DEFAULT_FILE = '/repo/.sandbox/publish-policy.json';

describe('choosePolicyFile', () => {
  const exists = (present: string[]) => (path: string) => present.includes(path);

  it('uses the named file, which must exist', () => {
    expect(
      choosePolicyFile('/lab/policy.json', DEFAULT_FILE, exists(['/lab/policy.json', DEFAULT_FILE])),
    ).toBe('/lab/policy.json');
    expect(() => choosePolicyFile('/lab/typo.json', DEFAULT_FILE, exists([DEFAULT_FILE]))).toThrow(
      'The publish policy file /lab/typo.json does not exist',
    );
  });

  it('falls back to the sandbox default when it exists, else to none', () => {
    expect(choosePolicyFile(undefined, DEFAULT_FILE, exists([DEFAULT_FILE]))).toBe(DEFAULT_FILE);
    expect(choosePolicyFile(undefined, DEFAULT_FILE, exists([]))).toBeUndefined();
  });
});

describe('parsePolicyFile', () => {
  it('builds a deny-by-default policy from { rules }', () => {
    const policy = parsePolicyFile(
      'p.json',
      JSON.stringify({ rules: [{ source: 'did:key:*', topic: 'sandbox.*', types: ['org.dpi.sandbox.*'] }] }),
    );
    expect(policy.allows('did:key:z6Mk1', 'sandbox.lifecycle', 'org.dpi.sandbox.service.started.v1')).toBe(
      true,
    );
    expect(policy.allows('did:web:x', 'sandbox.lifecycle', 'org.dpi.sandbox.service.started.v1')).toBe(false);
  });

  it('names the file and the problem when the content is wrong', () => {
    expect(() => parsePolicyFile('p.json', '{ rules: ')).toThrow(
      'The publish policy file p.json is not JSON',
    );
    expect(() => parsePolicyFile('p.json', JSON.stringify({ rules: [{ source: 'did:key:*' }] }))).toThrow(
      'p.json: invalid publish policy at rules.0.topic',
    );
  });
});
