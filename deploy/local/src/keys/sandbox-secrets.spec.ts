import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureRegistrySecrets } from './sandbox-secrets';

describe('ensureRegistrySecrets', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'secrets-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the admin token and the seed once, owner-readable only, and gives the same ones again', () => {
    const first = ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {});
    expect(first.adminToken.length).toBeGreaterThanOrEqual(16);
    expect(first.demoCitySeed.length).toBeGreaterThanOrEqual(16);
    expect(statSync(first.adminTokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(first.demoCitySeedFile as string).mode & 0o777).toBe(0o600);
    expect(statSync(first.keystoreDir).mode & 0o777).toBe(0o700);
    expect(ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {})).toEqual(first);
  });

  it('keeps the demo city seed across a reset of the data dir, but not the admin token', () => {
    const before = ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {});
    rmSync(join(root, 'data'), { recursive: true });
    const after = ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {});
    expect(after.demoCitySeed).toBe(before.demoCitySeed);
    expect(after.adminToken).not.toBe(before.adminToken);
  });

  it('takes DEMO_CITY_SEED from the environment, and refuses one shorter than 16 characters', () => {
    expect(
      ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {
        DEMO_CITY_SEED: 'our-training-city-2026',
      }).demoCitySeed,
    ).toBe('our-training-city-2026');
    expect(() =>
      ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), { DEMO_CITY_SEED: 'short' }),
    ).toThrow('DEMO_CITY_SEED must be at least 16 characters');
  });

  it('writes a secret as a new file, not through a symlink planted where it goes', () => {
    const outside = join(root, 'outside');
    mkdirSync(join(root, 'data'), { recursive: true });
    symlinkSync(outside, join(root, 'data', 'admin-token'));
    const secrets = ensureRegistrySecrets(join(root, 'data'), join(root, 'cache'), {});
    expect(existsSync(outside)).toBe(false);
    const written = lstatSync(secrets.adminTokenFile);
    expect({ file: written.isFile(), mode: written.mode & 0o777 }).toEqual({ file: true, mode: 0o600 });
  });
});
