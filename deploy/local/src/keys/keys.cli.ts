// Creates the services' signing keys and the publish policy in a folder, as the local sandbox does:
//   node dist/deploy/local/src/keys/keys.cli.js <dir>
// docker-compose.yml runs it once (sandbox-keys) into the volume the services read their keys from.
import { join } from 'node:path';

import { DEFAULT_SERVICES } from '../config/sandbox-config';
import { findRepoRoot } from '../config/repo-root.util';
import { ensureSandboxKeys } from './sandbox-keys';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir)
    throw new Error(
      'usage: keys.cli.js <dir>  (writes <dir>/keys/<service>.pem and <dir>/publish-policy.json)',
    );
  const asyncApiDir = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');
  const keys = await ensureSandboxKeys(
    dir,
    asyncApiDir,
    DEFAULT_SERVICES.map((service) => service.name),
  );
  for (const [service, did] of Object.entries(keys.dids))
    process.stdout.write(`${service.padEnd(22)} ${did}\n`);
  process.stdout.write(`publish policy: ${keys.policyFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
