// Runs tests/bench/identity/resolution.bench.ts without npm: builds the sources (tools/build.mjs), compiles
// the benchmark with swc into dist/tests/bench/identity/, then runs it with this Node (24.9+).
//   node tests/bench/identity/run.mjs
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const build = spawnSync(process.execPath, ['tools/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const source = join(repoRoot, 'tests/bench/identity/resolution.bench.ts');
const out = join(repoRoot, 'dist/tests/bench/identity/resolution.bench.js');
const tsconfig = JSON.parse(await readFile(join(repoRoot, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(await readFile(join(repoRoot, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { code } = await transformFile(source, {
  ...swcrc,
  swcrc: false,
  filename: source,
  sourceMaps: false,
  sourceFileName: relative(dirname(out), source),
  jsc: { ...swcrc.jsc, baseUrl: repoRoot, paths: tsconfig.compilerOptions.paths },
});
await mkdir(dirname(out), { recursive: true });
await writeFile(out, code);
const bench = spawnSync(process.execPath, ['--disable-warning=TimeoutNegativeWarning', out], { cwd: repoRoot, stdio: 'inherit' });
process.exit(bench.status ?? 1);
