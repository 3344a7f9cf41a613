import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

// Every file git would commit: tracked ones and new ones it does not ignore.
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: REPO_ROOT,
  encoding: 'utf8',
})
  .split('\0')
  .filter((path) => path && !path.endsWith('package-lock.json'));

// A PEM block with a body; the bare marker alone (as in a parser that looks for it) is no key.
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----\s*[A-Za-z0-9+/]{40,}/;
// A JWK with its private member: "d" next to "kty" in the same JSON object.
const JWK_PRIVATE_MEMBER =
  /\{[^{}]*"kty"\s*:[^{}]*"d"\s*:\s*"[A-Za-z0-9_-]{20,}"|\{[^{}]*"d"\s*:\s*"[A-Za-z0-9_-]{20,}"[^{}]*"kty"\s*:/;

describe('the repository holds no private key', () => {
  it('has files to scan', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no file carries a PEM private key or a private JWK', () => {
    const offenders = files.filter((path) => {
      const full = join(REPO_ROOT, path);
      let size: number;
      try {
        size = statSync(full).size;
      } catch {
        return false; // deleted in the working tree
      }
      if (size > 2_000_000) return false;
      const text = readFileSync(full, 'utf8');
      return PEM_PRIVATE_KEY.test(text) || JWK_PRIVATE_MEMBER.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('the patterns catch what they are meant to catch', () => {
    // Assembled at run time, so this file does not match itself.
    const begin = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    expect(PEM_PRIVATE_KEY.test(`${begin}\n${'MC4CAQAwBQYDK2VwBCIEI'.repeat(3)}`)).toBe(true);
    expect(PEM_PRIVATE_KEY.test(`startsWith("${begin}")`)).toBe(false);
    expect(JWK_PRIVATE_MEMBER.test(`{"kty":"OKP","crv":"Ed25519","${'d'}":"${'A'.repeat(43)}"}`)).toBe(true);
    expect(
      JWK_PRIVATE_MEMBER.test(
        '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}',
      ),
    ).toBe(false);
  });
});
