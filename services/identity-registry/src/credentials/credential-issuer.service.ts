import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { signVcJwt, VC_V2_CONTEXT } from '@dpi/credentials';

import { didDateTime } from '../dids/did-history';
import { DidResolutionException } from '../dids/did-resolution.exception';
import { ResolutionService } from '../dids/resolution.service';
import { SandboxClock } from '../dids/sandbox.clock';
import { CredentialUrls } from './credential-urls';
import { CredentialException } from './credential.exception';
import {
  SANDBOX_CREDENTIAL_SCHEMA,
  statusEntry,
  type IssueRequest,
  type SandboxCredential,
} from './credential.model';
import { CredentialRepository } from './credential.repository';
import { validityPeriod } from './credential-request.validator';
import { IssuerKeyRing, type HeldIssuer } from './issuer-keyring';
import { StatusListRepository } from './status-list.repository';

/** A credential just issued. */
export interface IssuedCredential {
  id: string;
  issuer: string;
  /** The vc+jwt (compact JWS) to hand to the holder. */
  verifiableCredential: string;
  /** Its payload: the credential itself. */
  credential: SandboxCredential;
}

/** Work a caller adds to the issuing transaction (the demo city records its actor there). */
export type InIssueTransaction = (manager: EntityManager, issued: IssuedCredential) => Promise<void>;

/**
 * Issues the sandbox's credentials: checks what the contract cannot (validity period, a subject DID that
 * resolves and is active, an issuer whose key the registry holds and whose DID is active), takes one
 * revocation and one suspension index, and signs the credential as vc+jwt, all in one transaction.
 */
@Injectable()
export class CredentialIssuerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keyring: IssuerKeyRing,
    private readonly resolution: ResolutionService,
    private readonly statusLists: StatusListRepository,
    private readonly credentials: CredentialRepository,
    private readonly urls: CredentialUrls,
    private readonly clock: SandboxClock,
  ) {}

  /** `request` has passed contracts/schemas/credential-issue-request.schema.json (at the HTTP edge, or in the demo city's plan). */
  async issue(request: IssueRequest, inTransaction?: InIssueTransaction): Promise<IssuedCredential> {
    const issuer = this.heldIssuer(request.issuer);
    const now = this.clock.now();
    const period = validityPeriod(request, now);
    await this.checkIssuerActive(issuer);
    await this.checkSubject(request.credentialSubject.id);
    return this.dataSource.transaction(async (manager) => {
      const revocation = await this.statusLists.allocate(manager, issuer.did, 'revocation', now);
      const suspension = await this.statusLists.allocate(manager, issuer.did, 'suspension', now);
      const credential: SandboxCredential = {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${randomUUID()}`,
        type: ['VerifiableCredential', request.type],
        issuer: issuer.did,
        validFrom: didDateTime(period.validFrom),
        validUntil: didDateTime(period.validUntil),
        credentialSubject: request.credentialSubject,
        credentialSchema: { id: SANDBOX_CREDENTIAL_SCHEMA, type: 'JsonSchema' },
        credentialStatus: [
          statusEntry('revocation', this.urls.statusList(revocation.listId), revocation.index),
          statusEntry('suspension', this.urls.statusList(suspension.listId), suspension.index),
        ],
      };
      const issued = {
        id: credential.id,
        issuer: issuer.did,
        verifiableCredential: signVcJwt(credential, issuer),
        credential,
      };
      await this.credentials.insert(manager, {
        id: credential.id,
        type: request.type,
        issuerDid: issuer.did,
        subjectDid: request.credentialSubject.id,
        ...period,
        revocation,
        suspension,
        issuedAt: now,
        jws: issued.verifiableCredential,
      });
      await inTransaction?.(manager, issued);
      return issued;
    });
  }

  private heldIssuer(requested: string | undefined): HeldIssuer {
    const fallback = this.keyring.default;
    if (!fallback)
      throw new CredentialException(
        'ISSUER_NOT_CONFIGURED',
        'This registry holds no issuer key, so it cannot issue credentials. Start it with KEYSTORE_DIR set to a writable directory.',
      );
    if (requested === undefined) return fallback;
    const issuer = this.keyring.get(requested);
    if (!issuer)
      throw new CredentialException(
        'ISSUER_NOT_HELD',
        `${requested} is not an issuer whose key this registry holds; use one of ${this.keyring.dids().join(', ')} or leave issuer out.`,
      );
    return issuer;
  }

  private async checkIssuerActive(issuer: HeldIssuer): Promise<void> {
    const resolved = await this.resolution.resolve(issuer.did, {});
    if (resolved.deactivated)
      throw new CredentialException(
        'ISSUER_DEACTIVATED',
        `The issuer ${issuer.did} was deactivated; credentials it signed no longer verify, so it issues no new ones.`,
      );
  }

  private async checkSubject(did: string): Promise<void> {
    let deactivated: boolean;
    try {
      deactivated = (await this.resolution.resolve(did, {})).deactivated;
    } catch (error) {
      if (!(error instanceof DidResolutionException)) throw error;
      if (error.code === 'INVALID_DID' || error.code === 'INVALID_DID_URL')
        throw new CredentialException('INVALID_SUBJECT_DID', `credentialSubject.id: ${error.message}`);
      throw new CredentialException(
        'SUBJECT_NOT_RESOLVABLE',
        `credentialSubject.id ${did} does not resolve (${error.code}): ${error.message} A credential is issued to a DID that exists; create it first.`,
      );
    }
    if (deactivated)
      throw new CredentialException(
        'SUBJECT_DEACTIVATED',
        `credentialSubject.id ${did} is deactivated; a credential is issued to an active DID only.`,
      );
  }
}
