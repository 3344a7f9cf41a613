import { Module } from '@nestjs/common';

import { DidsModule } from '../dids/dids.module';
import { AdminTokenGuard } from './admin-token.guard';
import { CredentialEventPublisher } from './credential-event.publisher';
import { CredentialIssuerService } from './credential-issuer.service';
import { CredentialStatusService } from './credential-status.service';
import { CredentialUrls } from './credential-urls';
import { CredentialVerifierService } from './credential-verifier.service';
import { CredentialRepository } from './credential.repository';
import { CredentialsController } from './credentials.controller';
import { IssuerBootstrap } from './issuer.bootstrap';
import { IssuerKeyRing } from './issuer-keyring';
import { KeystoreService } from './keystore.service';
import { LocalStatusListSource } from './local-status-list.source';
import { RegistryIssuerResolver } from './registry-issuer.resolver';
import { ServerHeldDidService } from './server-held-did.service';
import { StatusListCredentialService } from './status-list-credential.service';
import { StatusListController } from './status-list.controller';
import { StatusListRepository } from './status-list.repository';

/** Verifiable credentials: vc+jwt issuance by registry-held issuers, verification, Bitstring Status Lists. */
@Module({
  imports: [DidsModule],
  controllers: [CredentialsController, StatusListController],
  providers: [
    AdminTokenGuard,
    CredentialUrls,
    KeystoreService,
    IssuerKeyRing,
    ServerHeldDidService,
    IssuerBootstrap,
    StatusListRepository,
    CredentialRepository,
    CredentialIssuerService,
    RegistryIssuerResolver,
    LocalStatusListSource,
    CredentialVerifierService,
    CredentialEventPublisher,
    CredentialStatusService,
    StatusListCredentialService,
  ],
  exports: [
    KeystoreService,
    IssuerKeyRing,
    ServerHeldDidService,
    IssuerBootstrap,
    CredentialIssuerService,
    CredentialRepository,
    CredentialStatusService,
  ],
})
export class CredentialsModule {}
