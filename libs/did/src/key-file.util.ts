import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { writePrivateFile } from './private-file.util';

/** Serialisations a private key file may use. */
export type PrivateKeyFormat = 'pem' | 'jwk';

/**
 * Parses an Ed25519 private key from PKCS#8 PEM or a JSON JWK that carries `d`. Its errors say what is
 * wrong, never quote the text: parser messages (JSON.parse's) may contain bytes of the key.
 */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(trimmed);
    } catch {
      throw new Error('the JWK is not valid JSON');
    }
    if (typeof jwk !== 'object' || jwk === null || !('d' in jwk) || typeof jwk.d !== 'string')
      throw new Error('the JWK has no private part (d)');
    try {
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      throw new Error('the JWK is not a valid private key');
    }
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

/** Reads an Ed25519 private key file (PKCS#8 PEM or JWK); errors name the file and the problem only. */
export async function loadPrivateKeyFile(path: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read private key file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
  try {
    return parsePrivateKey(text);
  } catch (error) {
    // The file name helps; its content must never reach a log.
    throw new Error(`cannot load private key from ${path}: ${(error as Error).message}`);
  }
}

/** Writes a private key file readable by its owner only (mode 0600), atomically replacing any existing one. */
export async function writePrivateKeyFile(
  path: string,
  key: KeyObject,
  format: PrivateKeyFormat = 'pem',
): Promise<void> {
  await writePrivateFile(path, serializePrivateKey(key, format));
}
