import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A DID the registry issues credentials as: its assertion key id and the private key. */
export interface HeldIssuer {
  did: string;
  kid: string;
  /** Who it is, for logs and listings (e.g. "registry issuer", "city"). */
  name: string;
  privateKey: KeyObject;
}

/** The issuers whose private keys this process holds (loaded at start-up from the keystore). */
@Injectable()
export class IssuerKeyRing {
  private readonly issuers = new Map<string, HeldIssuer>();
  private defaultDid: string | undefined;

  /** Holds `issuer`; the first one added is the default issuer of POST /1.0/credentials/issue. */
  add(issuer: HeldIssuer): void {
    this.issuers.set(issuer.did, issuer);
    this.defaultDid ??= issuer.did;
  }

  get(did: string): HeldIssuer | undefined {
    return this.issuers.get(did);
  }

  get default(): HeldIssuer | undefined {
    return this.defaultDid ? this.issuers.get(this.defaultDid) : undefined;
  }

  /** The DIDs held, default first. */
  dids(): string[] {
    return [...this.issuers.keys()];
  }
}
