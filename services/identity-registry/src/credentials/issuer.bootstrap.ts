import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

import { generateEd25519KeyPair } from '@dpi/did';
import { SERVICE_CONFIG, SERVICE_CONTEXT, type ServiceContext } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { IssuerKeyRing } from './issuer-keyring';
import { KeystoreService } from './keystore.service';
import { deriveSeedKey } from './seed-key.util';
import { ServerHeldDidService } from './server-held-did.service';

/** The keystore name (and seed label) of the registry's own issuer key. */
export const REGISTRY_ISSUER_KEY = 'registry-issuer';

/**
 * Brings up the registry's own credential issuer at start-up: its key from the keystore (made on first
 * start, or derived from DEMO_CITY_SEED so a reset city keeps its issuer), and its did:dpi DID in the
 * registry. Without KEYSTORE_DIR there is no issuer, and issuing answers ISSUER_NOT_CONFIGURED.
 */
@Injectable()
export class IssuerBootstrap implements OnApplicationBootstrap {
  private started: Promise<void> | undefined;
  private readonly logger: Logger;

  constructor(
    private readonly keystore: KeystoreService,
    private readonly serverHeld: ServerHeldDidService,
    private readonly keyring: IssuerKeyRing,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityRegistryConfig,
    @Inject(SERVICE_CONTEXT) context: ServiceContext,
  ) {
    this.logger = context.logger.child({ component: 'credential-issuer' });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.ready();
  }

  /** Resolves once the issuer is loaded (other start-up work that issues credentials awaits it). */
  ready(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    if (!this.keystore.dir) {
      this.logger.info('KEYSTORE_DIR is not set: this registry issues no credentials');
      return;
    }
    const seed = this.config.DEMO_CITY_SEED;
    let privateKey = seed
      ? deriveSeedKey(seed, REGISTRY_ISSUER_KEY)
      : await this.keystore.load(REGISTRY_ISSUER_KEY);
    if (!privateKey || seed) {
      privateKey ??= generateEd25519KeyPair().privateKey;
      await this.keystore.store(REGISTRY_ISSUER_KEY, privateKey);
    }
    const held = await this.serverHeld.ensure(privateKey);
    if (held.deactivated) {
      this.logger.error(
        { did: held.did },
        'the registry issuer DID is deactivated, so it issues nothing; start with another DEMO_CITY_SEED, or without one and without its key file, to get a new issuer',
      );
      return;
    }
    this.keyring.add({ did: held.did, kid: held.kid, name: 'registry issuer', privateKey });
    this.logger.info({ did: held.did, created: held.created }, 'credential issuer ready');
  }
}
