import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository's `contracts/` folder: `configured` when given, else the first `contracts/openapi`
 * found walking up from `startDir` (works from src/ under ts and from dist/ after the build).
 */
export function resolveContractsDir(configured: string | undefined, startDir: string = __dirname): string {
  if (configured) return resolve(configured);
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts', 'openapi'))) return join(dir, 'contracts');
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `no contracts/openapi folder above ${startDir}; set CONTRACTS_DIR to the repository's contracts/ folder`,
  );
}
