import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The monorepo root (the folder holding nx.json), found by walking up from `from`. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the repository root (a folder with nx.json) above ${from}`);
    dir = parent;
  }
}
