import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
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

  it('names the file, not its content, when a JWK file is not valid JSON', async () => {
    const path = join(dir, 'broken.jwk');
    await writeFile(path, '{"kty":"OKP","crv":"Ed25519","d": c2VjcmV0LWtleS1ieXRlcw}');
    await expect(loadPrivateKeyFile(path)).rejects.toThrow(
      `cannot load private key from ${path}: the JWK is not valid JSON`,
    );
    await expect(loadPrivateKeyFile(path)).rejects.not.toThrow(/c2VjcmV0/);
  });

  it('names the file and the problem when it cannot be read', async () => {
    const path = join(dir, 'missing.pem');
    await expect(loadPrivateKeyFile(path)).rejects.toThrow(`cannot read private key file ${path}: ENOENT`);
  });

  it('replaces a key file atomically: a new file (new inode) renamed over the old, no temporary left', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'service.pem');
    await writePrivateKeyFile(path, generateEd25519KeyPair().privateKey);
    const before = await stat(path);
    const next = generateEd25519KeyPair().privateKey;
    await writePrivateKeyFile(path, next);
    const after = await stat(path);
    // Truncating and rewriting in place keeps the inode; a reader could then see a half-written key.
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(publicJwkFromKeyObject(await loadPrivateKeyFile(path))).toEqual(publicJwkFromKeyObject(next));
    expect(await readdir(sub)).toEqual(['service.pem']);
  });

  it('replaces a symlink at the key path instead of writing the key through it', async () => {
    const sub = await mkdtemp(join(dir, 'symlink-'));
    const elsewhere = join(sub, 'world-readable.txt');
    await writeFile(elsewhere, 'public', { mode: 0o644 });
    const path = join(sub, 'service.pem');
    await symlink(elsewhere, path);
    await writePrivateKeyFile(path, generateEd25519KeyPair().privateKey);
    expect(await readFile(elsewhere, 'utf8')).toBe('public');
    const written = await lstat(path);
    expect({ file: written.isFile(), mode: written.mode & 0o777 }).toEqual({ file: true, mode: 0o600 });
  });

  it('leaves neither the file nor a temporary behind when the write fails', async () => {
    const path = join(dir, 'no-such-folder', 'service.pem');
    await expect(writePrivateKeyFile(path, generateEd25519KeyPair().privateKey)).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
