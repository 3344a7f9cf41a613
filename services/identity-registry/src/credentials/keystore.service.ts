import type { KeyObject } from 'node:crypto';
import { access, chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';

import { loadPrivateKeyFile, writePrivateKeyFile } from '@dpi/did';
import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The local keystore (KEYSTORE_DIR) of the private keys the registry holds: one PKCS#8 PEM file per
 * key, mode 0600, in a 0700 directory, for labs to sign with. Paths appear in errors; keys never do.
 */
@Injectable()
export class KeystoreService {
  /** The absolute keystore directory, or undefined when KEYSTORE_DIR is unset. */
  readonly dir: string | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: IdentityRegistryConfig) {
    this.dir = config.KEYSTORE_DIR ? resolve(config.KEYSTORE_DIR) : undefined;
  }

  /** The file name of key `name` (e.g. `city.pem`). */
  static fileName(name: string): string {
    if (!NAME.test(name)) throw new Error(`"${name}" is not a keystore name (a-z, 0-9, -)`);
    return `${name}.pem`;
  }

  /** Loads key `name`, or undefined when the keystore has no such file. */
  async load(name: string): Promise<KeyObject | undefined> {
    const path = join(await this.directory(), KeystoreService.fileName(name));
    try {
      await access(path);
    } catch {
      return undefined;
    }
    return loadPrivateKeyFile(path);
  }

  /** Writes key `name` (replacing the file), readable by the owner only. */
  async store(name: string, key: KeyObject): Promise<string> {
    const fileName = KeystoreService.fileName(name);
    await writePrivateKeyFile(join(await this.directory(), fileName), key);
    return fileName;
  }

  /** Writes a public (no private material) JSON file beside the keys, atomically. */
  async writePublic(fileName: string, content: unknown): Promise<void> {
    const path = join(await this.directory(), fileName);
    await writeFile(`${path}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
    await rename(`${path}.tmp`, path);
  }

  private async directory(): Promise<string> {
    if (!this.dir) throw new Error('KEYSTORE_DIR is not set');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode applies only to a directory it creates; an existing one is tightened too.
    await chmod(this.dir, 0o700);
    return this.dir;
  }
}
