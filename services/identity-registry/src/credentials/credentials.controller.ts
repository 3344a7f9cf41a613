import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';

import type { Verdict } from '@dpi/credentials';

import { AdminTokenGuard } from './admin-token.guard';
import { CredentialIssuerService, type IssuedCredential } from './credential-issuer.service';
import { CredentialStatusService, type CredentialState } from './credential-status.service';
import { CredentialVerifierService } from './credential-verifier.service';
import type { IssueRequest, VerifyRequest } from './credential.model';

/** Issue (admin), verify (anyone), revoke / suspend / unsuspend (admin) credentials; bodies and ids arrive checked against the contract. */
@Controller('1.0/credentials')
export class CredentialsController {
  constructor(
    private readonly issuer: CredentialIssuerService,
    private readonly verifier: CredentialVerifierService,
    private readonly status: CredentialStatusService,
  ) {}

  @Post('issue')
  @HttpCode(201)
  @UseGuards(AdminTokenGuard)
  issue(@Body() body: IssueRequest): Promise<IssuedCredential> {
    return this.issuer.issue(body);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: VerifyRequest): Promise<Verdict> {
    return this.verifier.verify(body);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @UseGuards(AdminTokenGuard)
  revoke(@Param('id') id: string): Promise<CredentialState & { changed: boolean }> {
    return this.status.change(id, 'revoke');
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @UseGuards(AdminTokenGuard)
  suspend(@Param('id') id: string): Promise<CredentialState & { changed: boolean }> {
    return this.status.change(id, 'suspend');
  }

  @Post(':id/unsuspend')
  @HttpCode(200)
  @UseGuards(AdminTokenGuard)
  unsuspend(@Param('id') id: string): Promise<CredentialState & { changed: boolean }> {
    return this.status.change(id, 'unsuspend');
  }
}
