import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';

/** Serialisations a private key file may use. */
export type PrivateKeyFormat = 'pem' | 'jwk';

/** Parses an Ed25519 private key from PKCS#8 PEM or a JSON JWK that carries `d`. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as Record<string, unknown>;
    if (typeof jwk.d !== 'string') throw new Error('the JWK has no private part (d)');
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } else if (trimmed.startsWith('-----BEGIN ')) {
    // node:crypto reads the PEM block and refuses anything that is not a PKCS#8 private key.
    try {
      key = createPrivateKey({ key: trimmed, format: 'pem', type: 'pkcs8' });
    } catch {
      throw new Error('the PEM block is not a PKCS#8 private key');
    }
  } else {
    throw new Error('expected a PKCS#8 PEM private key or a JSON JWK');
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

/** Serialises a private key as PKCS#8 PEM or as a JSON JWK. */
export function serializePrivateKey(key: KeyObject, format: PrivateKeyFormat = 'pem'): string {
  if (key.type !== 'private') throw new Error('not a private key');
  if (format === 'jwk') return `${JSON.stringify(key.export({ format: 'jwk' }))}\n`;
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Reads an Ed25519 private key file (PKCS#8 PEM or JWK). */
export async function loadPrivateKeyFile(path: string): Promise<KeyObject> {
  const text = await readFile(path, 'utf8');
  try {
    return parsePrivateKey(text);
  } catch (error) {
    // The file name helps; its content must never reach a log.
    throw new Error(`cannot load private key from ${path}: ${(error as Error).message}`);
  }
}

/** Writes a private key file readable by its owner only (mode 0600), replacing any existing one. */
export async function writePrivateKeyFile(
  path: string,
  key: KeyObject,
  format: PrivateKeyFormat = 'pem',
): Promise<void> {
  await writeFile(path, serializePrivateKey(key, format), { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; an existing file keeps its old mode.
  await chmod(path, 0o600);
}
