import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { didKeyFromPublicKey } from '@dpi/did';

import { loadPublishPolicy } from './publish-policy.loader';
import { loadServiceIdentity } from './service-identity';

describe('loadServiceIdentity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key file (0600) when asked, and the same DID comes back from it on the next start', async () => {
    const file = join(dir, 'service.pem');
    const first = await loadServiceIdentity(file, true);
    expect(first.origin).toBe('generated-file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadServiceIdentity(file, false);
    expect(again).toMatchObject({
      origin: 'file',
      did: first.did,
      kid: `${first.did}#${first.did.slice('did:key:'.length)}`,
    });
    expect(again.did).toBe(didKeyFromPublicKey(createPublicKey(again.privateKey)));
  });

  it('refuses a configured key file that does not exist, naming the variable that creates it', async () => {
    const missing = join(dir, 'missing.pem');
    await expect(loadServiceIdentity(missing, false)).rejects.toThrow(
      `SERVICE_KEY_FILE ${missing} does not exist; create it, or set SERVICE_KEY_GENERATE=true`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('uses a fresh in-memory key when no file is configured', async () => {
    const [a, b] = await Promise.all([
      loadServiceIdentity(undefined, false),
      loadServiceIdentity(undefined, false),
    ]);
    expect(a.origin).toBe('ephemeral');
    expect(a.did).not.toBe(b.did);
  });
});

describe('loadPublishPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('denies everything when no policy file is configured', async () => {
    expect(
      (await loadPublishPolicy(undefined)).allows(
        'did:key:z6Mk',
        'sandbox.lifecycle',
        'org.dpi.sandbox.service.started.v1',
      ),
    ).toBe(false);
  });

  it('allows what the file allows, and nothing else', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [{ source: 'did:key:zA', topic: 'identity.dids', types: ['org.dpi.identity.did.*'] }],
      }),
    );
    const policy = await loadPublishPolicy(file);
    expect(policy.allows('did:key:zA', 'identity.dids', 'org.dpi.identity.did.updated.v1')).toBe(true);
    expect(policy.allows('did:key:zB', 'identity.dids', 'org.dpi.identity.did.updated.v1')).toBe(false);
    expect(policy.allows('did:key:zA', 'sandbox.lifecycle', 'org.dpi.identity.did.updated.v1')).toBe(false);
  });

  it('names the file and the problem when it is not JSON or not a policy', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "rules": [');
    await expect(loadPublishPolicy(broken)).rejects.toThrow(
      `PUBLISH_POLICY_FILE: The publish policy file ${broken} is not JSON`,
    );
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ rules: [{ source: 'did:key:zA', topic: 'x' }] }));
    await expect(loadPublishPolicy(wrong)).rejects.toThrow(
      `PUBLISH_POLICY_FILE: ${wrong}: invalid publish policy at rules.0.types`,
    );
  });
});
