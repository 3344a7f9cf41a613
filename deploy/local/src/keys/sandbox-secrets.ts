import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writePrivateFileSync } from '@dpi/did';

/** What the identity registry needs to hold keys and seed the demo city in the local sandbox. */
export interface RegistrySecrets {
  /** Where the registry keeps the private keys of the DIDs it holds (issuer, demo city), mode 0600 each. */
  keystoreDir: string;
  /** The bearer token for issuing credentials and changing their status. */
  adminToken: string;
  adminTokenFile: string;
  /** The demo city's seed: same seed, same DIDs and keys. */
  demoCitySeed: string;
  demoCitySeedFile: string | undefined;
}

/** Reads a secret file, or creates it atomically (mode 0600) with `make()` when missing. */
function readOrCreate(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const value = make();
  // Atomic: a crash leaves no half-written secret, and a symlink planted at `file` is not followed.
  writePrivateFileSync(file, `${value}\n`);
  return value;
}

/**
 * The registry's keystore folder and admin token (in the data dir: a reset makes new ones) and the demo
 * city seed: DEMO_CITY_SEED when set, else one made once in the cache dir, which a reset keeps, so a
 * reset sandbox rebuilds the same city with the same DIDs.
 */
export function ensureRegistrySecrets(
  dataDir: string,
  cacheDir: string,
  env: NodeJS.ProcessEnv = process.env,
): RegistrySecrets {
  const keystoreDir = join(dataDir, 'keystore');
  mkdirSync(keystoreDir, { recursive: true, mode: 0o700 });
  const adminTokenFile = join(dataDir, 'admin-token');
  const adminToken = readOrCreate(adminTokenFile, () => randomBytes(24).toString('base64url'));
  const fromEnv = env.DEMO_CITY_SEED?.trim();
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv.length < 16)
    throw new Error('DEMO_CITY_SEED must be at least 16 characters');
  const demoCitySeedFile = fromEnv ? undefined : join(cacheDir, 'demo-city.seed');
  const demoCitySeed =
    fromEnv || readOrCreate(demoCitySeedFile as string, () => randomBytes(24).toString('base64url'));
  return { keystoreDir, adminToken, adminTokenFile, demoCitySeed, demoCitySeedFile };
}
