import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';

import { SERVICE_CONTEXT, type ServiceContext } from '@dpi/service-kit';

import { compileContractSchema } from '../dids/did-document.validator';
import { DidsModule } from '../dids/dids.module';
import { AdminTokenGuard } from './admin-token.guard';
import { CredentialEventPublisher } from './credential-event.publisher';
import { CredentialIssuerService } from './credential-issuer.service';
import { ISSUE_REQUEST_VALIDATOR, VERIFY_REQUEST_VALIDATOR } from './credential-request.validator';
import { CredentialStatusChecker } from './credential-status.checker';
import { CredentialStatusService } from './credential-status.service';
import { CredentialUrls } from './credential-urls';
import { CredentialVerifierService } from './credential-verifier.service';
import { CredentialRepository } from './credential.repository';
import { CredentialsController } from './credentials.controller';
import { IssuerBootstrap } from './issuer.bootstrap';
import { IssuerKeyRing } from './issuer-keyring';
import { KeystoreService } from './keystore.service';
import { ServerHeldDidService } from './server-held-did.service';
import { StatusListCredentialService } from './status-list-credential.service';
import { StatusListController } from './status-list.controller';
import { StatusListRepository } from './status-list.repository';

const requestSchema = (file: string) => ({
  inject: [SERVICE_CONTEXT],
  useFactory: (context: ServiceContext) =>
    compileContractSchema(
      JSON.parse(readFileSync(join(context.contractsDir, 'schemas', file), 'utf8')) as object,
    ),
});

/** Verifiable credentials: vc+jwt issuance by registry-held issuers, verification, Bitstring Status Lists. */
@Module({
  imports: [DidsModule],
  controllers: [CredentialsController, StatusListController],
  providers: [
    { provide: ISSUE_REQUEST_VALIDATOR, ...requestSchema('credential-issue-request.schema.json') },
    { provide: VERIFY_REQUEST_VALIDATOR, ...requestSchema('credential-verify-request.schema.json') },
    AdminTokenGuard,
    CredentialUrls,
    KeystoreService,
    IssuerKeyRing,
    ServerHeldDidService,
    IssuerBootstrap,
    StatusListRepository,
    CredentialRepository,
    CredentialIssuerService,
    CredentialStatusChecker,
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
