import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * Gives every service a signing key in `<dir>/keys/<service>.pem` (created once, mode 0600, kept across
 * restarts so DIDs stay put) and writes `<dir>/publish-policy.json` from the contracts' `x-publishers`.
 * Private keys never leave that folder; only the did:key DIDs go into the policy.
 */
export async function ensureSandboxKeys(
  dir: string,
  asyncApiDir: string,
  services: string[],
): Promise<SandboxKeys> {
  const keyDir = join(dir, 'keys');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const keyFiles: Record<string, string> = {};
  const dids: Record<string, string> = {};
  for (const service of services) {
    const file = join(keyDir, `${service}.pem`);
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
