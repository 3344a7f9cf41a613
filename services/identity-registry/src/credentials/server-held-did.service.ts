import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';

import { didDpiFromPublicKey, ed25519MultibaseFromPublicKey } from '@dpi/did';

import { DidRegistryException } from '../dids/did-registry.exception';
import { DidService } from '../dids/did.service';

/** A registry-held DID as it stands after ensure(). */
export interface ServerHeldDid {
  did: string;
  kid: string;
  /** Whether this call created it (false: it was there already). */
  created: boolean;
  deactivated: boolean;
}

const FRAGMENT = 'key-1';

/** Makes sure the did:dpi DID of a key the registry holds exists, creating it through the registry's one write path. */
@Injectable()
export class ServerHeldDidService {
  constructor(private readonly dids: DidService) {}

  /** Creates the DID of `privateKey` unless it exists; idempotent, and safe against a concurrent creator. */
  async ensure(privateKey: KeyObject): Promise<ServerHeldDid> {
    const did = didDpiFromPublicKey(privateKey);
    const kid = `${did}#${FRAGMENT}`;
    const existing = (await this.dids.history(did)).at(-1);
    if (existing) return { did, kid, created: false, deactivated: existing.operation === 'deactivate' };
    try {
      await this.dids.createWithServerKey(keyDocument(privateKey), privateKey);
    } catch (error) {
      // Another instance created it between our read and our write: the DID is there, which is the goal.
      if (!(error instanceof DidRegistryException && error.code === 'DID_ALREADY_EXISTS')) throw error;
      return { did, kid, created: false, deactivated: false };
    }
    return { did, kid, created: true, deactivated: false };
  }
}

/** One Multikey, for authentication, assertions (credentials) and changes to the DID itself. */
function keyDocument(privateKey: KeyObject): Record<string, unknown> {
  const id = `#${FRAGMENT}`;
  return {
    verificationMethod: [
      { id, type: 'Multikey', publicKeyMultibase: ed25519MultibaseFromPublicKey(privateKey) },
    ],
    authentication: [id],
    assertionMethod: [id],
    capabilityInvocation: [id],
  };
}
