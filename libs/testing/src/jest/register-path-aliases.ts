// Jest loads globalSetup/globalTeardown with plain Node `require` (transpiled, but without Jest's
// moduleNameMapper), so the @dpi/* aliases of tsconfig.base.json are mapped here for those two files.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

import { findRepoRoot } from './repo-root.util';

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };

const repoRoot = findRepoRoot(__dirname);
const { compilerOptions } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, join(repoRoot, target as string)]),
);
const original = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  return original.call(this, aliases.get(request) ?? request, ...rest);
};
