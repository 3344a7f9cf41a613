import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

import { REPO_ROOT } from './contract-files.util';

// The Docker image installs `npm install --omit=dev`: every package a service loads at run time must be
// a production dependency, or the container dies at start-up with "Cannot find module".

const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const aliases = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  }
).compilerOptions.paths;
const SERVICES = ['identity-registry', 'payment-switch', 'data-exchange-gateway'];

// Value imports only: `import type` / `export type` vanish in the build.
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function resolveSource(from: string, specifier: string): string | undefined {
  const base = aliases[specifier]?.[0]
    ? join(REPO_ROOT, aliases[specifier][0])
    : resolve(dirname(from), specifier);
  return [base, `${base}.ts`, join(base, 'index.ts')].find(
    (candidate) => candidate.endsWith('.ts') && existsSync(candidate),
  );
}

/** Every npm package reachable through value imports from `entry`, with the first file that imports it. */
function runtimePackages(entry: string): Map<string, string> {
  return followImports(entry).packages;
}

/** The source files and npm packages reachable through value imports from `entry`. */
function followImports(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.') || specifier in aliases) {
        const target = resolveSource(file, specifier);
        if (!target)
          throw new Error(`${relative(REPO_ROOT, file)} imports ${specifier}, which resolves to no .ts file`);
        queue.push(target);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        const name = packageName(specifier);
        if (!packages.has(name)) packages.set(name, relative(REPO_ROOT, file));
      }
    }
  }
  return { files: seen, packages };
}

describe('runtime dependencies of the service images', () => {
  it('follows imports (a fixture check: service-kit reaches @nestjs/core)', () => {
    expect(runtimePackages(join(REPO_ROOT, 'services/payment-switch/src/main.ts')).has('@nestjs/core')).toBe(
      true,
    );
  });

  it.each(SERVICES)('%s loads only production dependencies', (service) => {
    const missing = [...runtimePackages(join(REPO_ROOT, 'services', service, 'src', 'main.ts'))]
      .filter(([name]) => !(name in (packageJson.dependencies ?? {})))
      .map(([name, importer]) => `${name} (imported by ${importer})`);
    expect(missing).toEqual([]);
  });

  it.each(SERVICES)('%s loads no test helper (nothing under a testing/ folder, no Jest)', (service) => {
    const { files, packages } = followImports(join(REPO_ROOT, 'services', service, 'src', 'main.ts'));
    const testSupport = [...files]
      .map((file) => relative(REPO_ROOT, file))
      .filter((file) => file.includes('/testing/') || /\.(spec|int-spec|test-harness)\.ts$/.test(file));
    expect(testSupport).toEqual([]);
    expect([...packages.keys()].filter((name) => name.includes('jest'))).toEqual([]);
  });
});
