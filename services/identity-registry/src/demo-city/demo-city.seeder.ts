import { basename } from 'node:path';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

import { SERVICE_CONFIG, SERVICE_CONTEXT, StartupError, type ServiceContext } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { CredentialIssuerService } from '../credentials/credential-issuer.service';
import { IssuerBootstrap, REGISTRY_ISSUER_KEY } from '../credentials/issuer.bootstrap';
import { IssuerKeyRing, type HeldIssuer } from '../credentials/issuer-keyring';
import { KeystoreService } from '../credentials/keystore.service';
import { deriveSeedKey, seedFingerprint } from '../credentials/seed-key.util';
import { ServerHeldDidService, type ServerHeldDid } from '../credentials/server-held-did.service';
import {
  actorFacts,
  actorKeyLabel,
  credentialRequest,
  DEMO_CITY,
  type DemoActor,
  type DemoIssuer,
} from './demo-city.plan';
import { DemoCityRepository } from './demo-city.repository';

/** The keystore's public index of the demo city (no private material). */
export const DEMO_CITY_INDEX_FILE = 'demo-city.json';

/** One seeded actor. */
export interface SeededActor {
  actor: DemoActor;
  did: string;
  kid: string;
  keyFile: string;
  /** The credential the actor holds, undefined when its DID was deactivated before it got one. */
  credentialId: string | undefined;
  issuer: string;
}

/** The seeded demo city. */
export interface SeededCity {
  seedFingerprint: string;
  /** The keystore folder's name only: an answer never shows the server's file system layout. */
  keystore: string;
  registryIssuer: { did: string; kid: string; keyFile: string };
  actors: SeededActor[];
}

// Thrown inside an issuing transaction to roll it back when another seeder recorded the actor first.
class AlreadySeeded extends Error {}

/**
 * Seeds the demo city at start-up when DEMO_CITY_SEED is set: each actor's key is derived from the seed,
 * written to the keystore, and its did:dpi DID created through the registry's write path; each then gets
 * its credential (organisations their role from the city or, for PSPs, the central bank; residents a
 * resident credential). Idempotent: a second start with the same seed creates and issues nothing.
 */
@Injectable()
export class DemoCitySeeder implements OnApplicationBootstrap {
  private seeded: SeededCity | undefined;
  private readonly logger: Logger;

  constructor(
    private readonly keystore: KeystoreService,
    private readonly serverHeld: ServerHeldDidService,
    private readonly keyring: IssuerKeyRing,
    private readonly issuerBootstrap: IssuerBootstrap,
    private readonly issuer: CredentialIssuerService,
    private readonly actors: DemoCityRepository,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityRegistryConfig,
    @Inject(SERVICE_CONTEXT) context: ServiceContext,
  ) {
    this.logger = context.logger.child({ component: 'demo-city' });
  }

  /** The seeded city, or undefined when no seed was configured. */
  get city(): SeededCity | undefined {
    return this.seeded;
  }

  async onApplicationBootstrap(): Promise<void> {
    const seed = this.config.DEMO_CITY_SEED;
    if (!seed) return;
    if (!this.keystore.dir)
      throw new StartupError(
        "DEMO_CITY_SEED is set but KEYSTORE_DIR is not: the demo city writes its actors' private keys there; set KEYSTORE_DIR to a directory",
      );
    await this.issuerBootstrap.ready();
    const registryIssuer = this.keyring.default;
    if (!registryIssuer)
      throw new StartupError('the registry issuer is not available, so the demo city cannot be seeded');
    const issuers = new Map<DemoIssuer, HeldIssuer>([['registry-issuer', registryIssuer]]);
    const dids: Array<{ actor: DemoActor; held: ServerHeldDid; keyFile: string }> = [];
    for (const actor of DEMO_CITY) {
      const privateKey = deriveSeedKey(seed, actorKeyLabel(actor));
      const keyFile = await this.keystore.store(actor.name, privateKey);
      const held = await this.serverHeld.ensure(privateKey);
      dids.push({ actor, held, keyFile });
      if ((actor.role === 'city' || actor.role === 'central-bank') && !held.deactivated) {
        const issuer = { did: held.did, kid: held.kid, name: actor.name, privateKey };
        this.keyring.add(issuer);
        issuers.set(actor.role, issuer);
      }
    }
    const actors: SeededActor[] = [];
    for (const { actor, held, keyFile } of dids) {
      const issuer = issuers.get(actor.issuedBy) ?? registryIssuer;
      const credentialId = await this.ensureCredential(actor, held, issuer);
      actors.push({ actor, did: held.did, kid: held.kid, keyFile, credentialId, issuer: issuer.did });
    }
    this.seeded = {
      seedFingerprint: seedFingerprint(seed),
      keystore: basename(this.keystore.dir),
      registryIssuer: {
        did: registryIssuer.did,
        kid: registryIssuer.kid,
        keyFile: `${REGISTRY_ISSUER_KEY}.pem`,
      },
      actors,
    };
    await this.keystore.writePublic(DEMO_CITY_INDEX_FILE, indexOf(this.seeded));
    this.logger.info(
      {
        seedFingerprint: this.seeded.seedFingerprint,
        created: dids.filter(({ held }) => held.created).length,
        actors: actors.length,
        city: issuers.get('city')?.did,
      },
      'demo city ready',
    );
  }

  private async ensureCredential(
    actor: DemoActor,
    held: ServerHeldDid,
    issuer: HeldIssuer,
  ): Promise<string | undefined> {
    const existing = await this.actors.find(held.did);
    if (existing) return existing.credentialId;
    if (held.deactivated) {
      this.logger.warn(
        { did: held.did, actor: actor.name },
        'demo city actor is deactivated; it gets no credential',
      );
      return undefined;
    }
    try {
      const issued = await this.issuer.issue(
        credentialRequest(actor, held.did, issuer.did),
        async (manager, credential) => {
          const recorded = await this.actors.insert(manager, {
            did: held.did,
            name: actor.name,
            role: actor.role,
            credentialId: credential.id,
          });
          if (!recorded) throw new AlreadySeeded();
        },
      );
      return issued.id;
    } catch (error) {
      if (!(error instanceof AlreadySeeded)) throw error;
      return (await this.actors.find(held.did))?.credentialId;
    }
  }
}

/** The public keystore index: who is who, which key file, which credential. */
function indexOf(city: SeededCity): Record<string, unknown> {
  return {
    description:
      "The DPI City Sandbox demo city: each actor's DID, key id, private key file (in this folder, mode 0600) and credential id. Public; holds no private key.",
    seedFingerprint: city.seedFingerprint,
    registryIssuer: city.registryIssuer,
    actors: city.actors.map(({ actor, did, kid, keyFile, credentialId, issuer }) => ({
      ...actorFacts(actor),
      did,
      kid,
      keyFile,
      credentialId: credentialId ?? null,
      credentialIssuer: issuer,
    })),
  };
}
