// Compiles every TypeScript source of the services, libs and local infrastructure to CommonJS in
// dist/, mirroring the source tree so that @dpi/* path aliases become plain relative requires.
// swc does no type-checking: `npm run typecheck` (tsc) is the type gate; this step only has to be fast.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoots = ['services', 'libs', 'deploy/local/src', 'tests/bench'];
const skipped = /(\.spec|\.int-spec|\.e2e-spec|\.d)\.ts$/;

async function* typeScriptFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* typeScriptFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !skipped.test(entry.name)) yield path;
  }
}

const tsconfig = JSON.parse(await readFile(join(repoRoot, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(await readFile(join(repoRoot, '.swcrc'), 'utf8'));
delete swcrc.$schema;

/**
 * Writes a file only when its content differs, so that `npm run tail` or `sandbox status` next to a
 * running sandbox leaves the code its services load untouched (and their file times with it).
 */
async function writeIfChanged(path, content) {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await writeFile(path, content);
  return true;
}

let changed = 0;
const files = [];
for (const root of sourceRoots) for await (const file of typeScriptFiles(join(repoRoot, root))) files.push(file);

await Promise.all(
  files.map(async (file) => {
    const out = join(repoRoot, 'dist', relative(repoRoot, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: relative(dirname(out), file),
      jsc: { ...swcrc.jsc, baseUrl: repoRoot, paths: tsconfig.compilerOptions.paths },
    });
    await mkdir(dirname(out), { recursive: true });
    const written = await writeIfChanged(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (map) await writeIfChanged(`${out}.map`, map);
    if (written) changed++;
  }),
);
console.log(`built ${files.length} files into dist/ (${changed} changed)`);
