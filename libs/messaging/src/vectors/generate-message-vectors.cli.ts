// Writes contracts/vectors/messages/*.json and keys.json (public keys only) from buildMessageVectors().
// Run: node tools/build.mjs && node dist/libs/messaging/src/vectors/generate-message-vectors.cli.js [outDir]
// With --print-private-keys it writes nothing and prints the test-only private JWKs to stdout instead.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildMessageVectors, vectorFileText, vectorKeys, vectorKeysFile } from './message-vectors';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (nx.json)');
    dir = parent;
  }
  return dir;
}

async function main(): Promise<void> {
  if (process.argv.includes('--print-private-keys')) {
    for (const key of vectorKeys())
      console.log(
        JSON.stringify({ name: key.name, kid: key.kid, ...key.privateKey.export({ format: 'jwk' }) }),
      );
    return;
  }
  const outDir = process.argv[2] ?? join(repoRoot(), 'contracts', 'vectors', 'messages');
  await mkdir(outDir, { recursive: true });
  // Drop vectors of cases that no longer exist, so the directory matches the generator exactly.
  for (const name of await readdir(outDir)) if (/^\d\d-.*\.json$/.test(name)) await rm(join(outDir, name));
  const vectors = buildMessageVectors();
  for (const [name, vector] of vectors) await writeFile(join(outDir, name), vectorFileText(vector));
  await writeFile(join(outDir, 'keys.json'), vectorFileText(vectorKeysFile()));
  console.log(
    `wrote ${vectors.size} vectors and keys.json (${vectorKeys().length} public keys) to ${outDir}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
