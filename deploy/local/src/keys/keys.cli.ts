// Creates the services' signing keys and the publish policy in a folder, as the local sandbox does:
//   node dist/deploy/local/src/keys/keys.cli.js [--per-service] <dir>
// docker-compose.yml runs it once (sandbox-keys) with --per-service: each key in its own folder, a
// volume that only its service mounts.
import { join } from 'node:path';

import { DEFAULT_SERVICES } from '../config/sandbox-config';
import { findRepoRoot } from '../config/repo-root.util';
import { ensureSandboxKeys } from './sandbox-keys';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const layout = args[0] === '--per-service' ? 'per-service' : 'shared';
  const dir = layout === 'per-service' ? args[1] : args[0];
  if (!dir || args.length !== (layout === 'per-service' ? 2 : 1))
    throw new Error(
      'usage: keys.cli.js [--per-service] <dir>  (writes <dir>/keys/<service>.pem, or <dir>/<service>/<service>.pem with --per-service, and <dir>/publish-policy.json)',
    );
  const asyncApiDir = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');
  const keys = await ensureSandboxKeys(
    dir,
    asyncApiDir,
    DEFAULT_SERVICES.map((service) => service.name),
    layout,
  );
  for (const [service, did] of Object.entries(keys.dids))
    process.stdout.write(`${service.padEnd(22)} ${did}\n`);
  process.stdout.write(`publish policy: ${keys.policyFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
