// Test support for the credential integration specs: a registry with a keystore and an admin token, HTTP
// calls checked against the contract, DIDs made through the registry's write path. *.int-spec.ts only.
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  canonicalJson,
  DID_OPERATION_JWS_TYPE,
  loadPrivateKeyFile,
  signCompactJws,
  type JwsHeader,
} from '@dpi/did';

import { createTestKafka } from '@dpi/testing';

import { DidService } from '../dids/did.service';
import {
  http,
  newIdentity,
  startRegistry,
  type HttpAnswer,
  type RegistryUnderTest,
} from '../dids/registry.test-harness';
import { REGISTRY_ISSUER_KEY } from './issuer.bootstrap';

/** The admin token the test registries run with. */
export const ADMIN_TOKEN = 'int-test-admin-token-0123456789';
/** The public URL the test registries put into status list URLs. */
export const PUBLIC_URL = 'http://registry.test';

/** A registry with a keystore and an admin token, plus helpers. */
export interface CredentialRegistry extends RegistryUnderTest {
  keystore: string;
  /** Calls `path` (contract path `template`) and checks the answer against the contract. */
  call(
    method: 'GET' | 'POST',
    template: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<HttpAnswer>;
  /** POST /1.0/credentials/issue with the admin token. */
  issue(body: unknown): Promise<HttpAnswer>;
  /** POST /1.0/credentials/verify. */
  verify(verifiableCredential: string): Promise<HttpAnswer>;
  /** POST /1.0/credentials/{id}/{change} with the admin token. */
  change(id: string, change: 'revoke' | 'suspend' | 'unsuspend', token?: string | null): Promise<HttpAnswer>;
  /** Creates a did:dpi DID through the registry (its key stays with the test). */
  createDid(
    document?: Record<string, unknown>,
    identity?: ReturnType<typeof newIdentity>,
  ): Promise<ReturnType<typeof newIdentity>>;
  /** Deactivates a did:dpi DID made by createDid. */
  deactivateDid(identity: ReturnType<typeof newIdentity>): Promise<void>;
  /** The registry issuer's private key, from the keystore. */
  issuerKey(): Promise<KeyObject>;
}

/** Starts a registry with KEYSTORE_DIR (a fresh temporary folder), ADMIN_TOKEN and PUBLIC_URL, plus `env`. */
export async function startCredentialRegistry(env: Record<string, string> = {}): Promise<CredentialRegistry> {
  const keystore = mkdtempSync(join(tmpdir(), 'ir-keystore-'));
  const registry = await startRegistry({ KEYSTORE_DIR: keystore, ADMIN_TOKEN, PUBLIC_URL, ...env });
  const dids = registry.service.app.get(DidService);
  const call: CredentialRegistry['call'] = async (method, template, path, options = {}) => {
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    const answer = await http(`${registry.url}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    if (answer.status !== 304)
      registry.contract.assertValid({
        path: template,
        method,
        status: answer.status,
        contentType: answer.contentType,
        body: answer.body,
      });
    return answer;
  };
  return {
    ...registry,
    keystore,
    call,
    issue: (body) => call('POST', '/1.0/credentials/issue', '/1.0/credentials/issue', { body }),
    verify: (verifiableCredential) =>
      call('POST', '/1.0/credentials/verify', '/1.0/credentials/verify', {
        body: { verifiableCredential },
        token: null,
      }),
    change: (id, change, token) =>
      call('POST', `/1.0/credentials/{id}/${change}`, `/1.0/credentials/${id}/${change}`, { token }),
    createDid: async (document, identity = newIdentity()) => {
      await dids.createWithServerKey(document ?? identity.document, identity.privateKey);
      return identity;
    },
    deactivateDid: async (identity) => {
      const prepared = await dids.prepareChange('deactivate', identity.did, undefined);
      const proof = signCompactJws(
        { kid: prepared.suggestedKid, typ: DID_OPERATION_JWS_TYPE },
        canonicalJson(prepared.payload),
        identity.privateKey,
      );
      await dids.apply(prepared, proof);
    },
    issuerKey: () => loadPrivateKeyFile(join(keystore, `${REGISTRY_ISSUER_KEY}.pem`)),
    close: async () => {
      // A spec this quick could close the app while it still announces itself on Kafka, which then
      // logs after Jest has torn the test down; wait for the announcement first.
      await announced(registry.service.config.LIFECYCLE_TOPIC);
      await registry.close();
      rmSync(keystore, { recursive: true, force: true });
    },
  };
}

/** Signs any payload as a compact JWS (header members as given, alg Ed25519 unless set). */
export function signJws(
  header: Omit<JwsHeader, 'alg'> & { alg?: 'Ed25519' | 'EdDSA' },
  payload: unknown,
  key: KeyObject,
): string {
  return signCompactJws(header, typeof payload === 'string' ? payload : canonicalJson(payload), key);
}

/** The payload of a compact JWS. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read into payloads freely
export function payloadOf(jws: string): Record<string, any> {
  return JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Waits (up to 15 s) until the lifecycle topic holds a message, i.e. the registry has announced itself. */
export async function announced(topic: string): Promise<void> {
  const admin = createTestKafka('ir-credentials-test').admin();
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 150; attempt++) {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.some((partition) => Number(partition.high) > 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}
