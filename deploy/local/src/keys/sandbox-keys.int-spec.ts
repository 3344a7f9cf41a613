import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from '../config/repo-root.util';
import { ensureSandboxKeys, sandboxKeyFile } from './sandbox-keys';

const asyncApiDir = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');
const SERVICES = ['identity-registry', 'payment-switch', 'data-exchange-gateway'];

describe('ensureSandboxKeys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sandbox-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('per service: each key alone in its own 0700 folder (one Compose volume each), the policy beside them', async () => {
    const keys = await ensureSandboxKeys(dir, asyncApiDir, SERVICES, 'per-service');
    expect(readdirSync(dir).sort()).toEqual([...SERVICES, 'publish-policy.json'].sort());
    for (const service of SERVICES) {
      expect(keys.keyFiles[service]).toBe(join(dir, service, `${service}.pem`));
      expect(readdirSync(join(dir, service))).toEqual([`${service}.pem`]);
      expect(statSync(join(dir, service)).mode & 0o777).toBe(0o700);
      expect(statSync(keys.keyFiles[service] as string).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(keys.policyFile, 'utf8')).not.toContain('PRIVATE KEY');
    // Created once: the DIDs stay put.
    expect((await ensureSandboxKeys(dir, asyncApiDir, SERVICES, 'per-service')).dids).toEqual(keys.dids);
  });

  it('shared (the local sandbox): every key in <dir>/keys, as before', async () => {
    const keys = await ensureSandboxKeys(dir, asyncApiDir, SERVICES);
    for (const service of SERVICES) expect(keys.keyFiles[service]).toBe(sandboxKeyFile(dir, service));
    expect(readdirSync(join(dir, 'keys')).sort()).toEqual(SERVICES.map((service) => `${service}.pem`).sort());
  });
});
