import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEd25519KeyPair, publicJwkFromKeyObject } from './ed25519-key.util';
import { loadPrivateKeyFile, writePrivateKeyFile } from './key-file.util';

describe('private key files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dpi-did-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['pem', 'jwk'] as const)(
    'writes a %s key file with mode 0600 and loads it back',
    async (format) => {
      const { privateKey } = generateEd25519KeyPair();
      const path = join(dir, `key.${format}`);
      await writePrivateKeyFile(path, privateKey, format);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(publicJwkFromKeyObject(await loadPrivateKeyFile(path))).toEqual(
        publicJwkFromKeyObject(privateKey),
      );
    },
  );

  it('tightens the mode of an existing, world-readable file it overwrites', async () => {
    const path = join(dir, 'existing.pem');
    await writeFile(path, 'old', { mode: 0o644 });
    await writePrivateKeyFile(path, generateEd25519KeyPair().privateKey);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('names the file, not its content, when it cannot be parsed', async () => {
    const path = join(dir, 'broken.pem');
    await writeFile(path, 'secret-looking-garbage');
    await expect(loadPrivateKeyFile(path)).rejects.toThrow(`cannot load private key from ${path}`);
    await expect(loadPrivateKeyFile(path)).rejects.not.toThrow(/secret-looking-garbage/);
  });
});
