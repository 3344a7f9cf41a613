import { Injectable } from '@nestjs/common';

import { CredentialVerifier, type Verdict } from '@dpi/credentials';

import { SandboxClock } from '../dids/sandbox.clock';
import type { VerifyRequest } from './credential.model';
import { LocalStatusListSource } from './local-status-list.source';
import { RegistryIssuerResolver } from './registry-issuer.resolver';

/**
 * The registry's verifier: @dpi/credentials' CredentialVerifier with the issuer resolved through this
 * registry's own resolver (any method it supports), the status read from its own database, and the
 * sandbox clock. No trust policy: the registry says whether a credential is genuine, not whom to trust.
 */
@Injectable()
export class CredentialVerifierService {
  private readonly verifier: CredentialVerifier;

  constructor(issuers: RegistryIssuerResolver, statusLists: LocalStatusListSource, clock: SandboxClock) {
    this.verifier = new CredentialVerifier({ issuers, statusLists, clock });
  }

  /** Verifies a request the contract has accepted (contracts/schemas/credential-verify-request.schema.json). */
  verify({ verifiableCredential }: VerifyRequest): Promise<Verdict> {
    return this.verifier.verify(verifiableCredential);
  }
}
