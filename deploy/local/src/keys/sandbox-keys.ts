import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  didKeyFromPublicKey,
  generateEd25519KeyPair,
  loadPrivateKeyFile,
  writePrivateKeyFile,
} from '@dpi/did';

import { buildPublishPolicy } from './publish-policy.builder';

/** Where each service's signing key is, its DID, and the publish policy file naming those DIDs. */
export interface SandboxKeys {
  keyFiles: Record<string, string>;
  dids: Record<string, string>;
  policyFile: string;
}

/**
 * Where the keys go: `shared` puts them all in `<dir>/keys/<service>.pem` (the local sandbox, one user),
 * `per-service` in `<dir>/<service>/<service>.pem`, so each folder can be a volume only its service mounts.
 */
export type SandboxKeyLayout = 'shared' | 'per-service';

/** The key file of `service` under `dir` in a layout. */
export function sandboxKeyFile(dir: string, service: string, layout: SandboxKeyLayout = 'shared'): string {
  return join(dir, layout === 'shared' ? 'keys' : service, `${service}.pem`);
}

/**
 * Gives every service a signing key (created once, mode 0600, kept across restarts so DIDs stay put)
 * and writes `<dir>/publish-policy.json` from the contracts' `x-publishers`. Private keys never leave
 * their folder; only the did:key DIDs go into the policy.
 */
export async function ensureSandboxKeys(
  dir: string,
  asyncApiDir: string,
  services: string[],
  layout: SandboxKeyLayout = 'shared',
): Promise<SandboxKeys> {
  const keyFiles: Record<string, string> = {};
  const dids: Record<string, string> = {};
  for (const service of services) {
    const file = sandboxKeyFile(dir, service, layout);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    let key;
    if (existsSync(file)) key = await loadPrivateKeyFile(file);
    else {
      key = generateEd25519KeyPair().privateKey;
      await writePrivateKeyFile(file, key);
    }
    keyFiles[service] = file;
    dids[service] = didKeyFromPublicKey(createPublicKey(key));
  }
  const policyFile = join(dir, 'publish-policy.json');
  writeFileSync(policyFile, `${JSON.stringify(buildPublishPolicy(asyncApiDir, dids), null, 2)}\n`);
  return { keyFiles, dids, policyFile };
}
