import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  loadPrivateKeyFile,
  writePrivateKeyFile,
} from '@dpi/did';

/** Who a service is on Kafka: the did:key of its signing key, and that key. */
export interface ServiceIdentity {
  did: string;
  kid: string;
  privateKey: KeyObject;
  /** Where the key came from, for the start-up log (never the key itself). */
  origin: 'file' | 'generated-file' | 'ephemeral';
}

/**
 * The service's signing identity: the key in `keyFile` (created there, mode 0600, when `generate` is set and
 * it is missing), or a fresh in-memory key when no file is configured (tests, throw-away runs). The DID is
 * did:key, so every verifier can resolve it without any registry.
 */
export async function loadServiceIdentity(
  keyFile: string | undefined,
  generate: boolean,
): Promise<ServiceIdentity> {
  let privateKey: KeyObject;
  let origin: ServiceIdentity['origin'];
  if (keyFile && existsSync(keyFile)) {
    privateKey = await loadPrivateKeyFile(keyFile);
    origin = 'file';
  } else if (keyFile && generate) {
    privateKey = generateEd25519KeyPair().privateKey;
    await writePrivateKeyFile(keyFile, privateKey);
    origin = 'generated-file';
  } else if (keyFile) {
    throw new Error(
      `SERVICE_KEY_FILE ${keyFile} does not exist; create it, or set SERVICE_KEY_GENERATE=true to create it at start-up`,
    );
  } else {
    privateKey = generateEd25519KeyPair().privateKey;
    origin = 'ephemeral';
  }
  const did = didKeyFromPublicKey(createPublicKey(privateKey));
  return { did, kid: didKeyVerificationMethodId(did), privateKey, origin };
}
