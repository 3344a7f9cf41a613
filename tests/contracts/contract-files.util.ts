import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (tests/contracts is two levels below it). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** The absolute paths of the files in `<repo>/<dir>` whose names match `pattern`, sorted; [] when the folder is missing. */
export function listFiles(dir: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(join(REPO_ROOT, dir));
  } catch {
    return [];
  }
  return names
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(REPO_ROOT, dir, name));
}

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
