import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';

import {
  canonicalJson,
  didOperationJws,
  didSigningRequest,
  type DidOperationType,
  type DidSigningResponse,
} from '@dpi/did';
import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { didDateTime } from './did-history';
import { DidRegistryException } from './did-registry.exception';
import { DidService, type DidWriteResult, type PreparedDidOperation } from './did.service';
import { RegistrarJobRepository, type RegistrarJob } from './registrar-job.repository';
import { SandboxClock } from './sandbox.clock';

/** A registrar answer: the HTTP status and the DIF DID Registration body. */
export interface RegistrarAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A registrar request body, as contracts/schemas/did-registrar-request.schema.json describes it (checked at the edge). */
export interface RegistrarRequest {
  jobId?: string | null;
  did?: string | null;
  options?: { clientSecretMode?: boolean; previousVersionId?: string };
  secret?: { signingResponse?: Record<string, Partial<DidSigningResponse>> };
  didDocument?: object | object[];
}

const SIGNING_REQUEST_ID = 'signingRequest1';

/**
 * The DIF Universal Registrar API in client-managed secret mode: the first call answers with a signing
 * request (didState action/signPayload), the second, with the same jobId and the signature, writes the
 * version. A job answers the same request the same way until it expires; a different request under the
 * same jobId is refused.
 */
@Injectable()
export class RegistrarService {
  constructor(
    private readonly dids: DidService,
    private readonly jobs: RegistrarJobRepository,
    private readonly clock: SandboxClock,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityRegistryConfig,
  ) {}

  /**
   * Runs one registrar call on a request the contract has accepted. A refusal is thrown as a domain
   * exception; the registrar routes add jobId and didState to its problem details.
   */
  async handle(
    operation: DidOperationType,
    method: string | undefined,
    request: RegistrarRequest,
  ): Promise<RegistrarAnswer> {
    if (operation === 'create' && method !== 'dpi')
      throw new DidRegistryException(
        'METHOD_NOT_SUPPORTED',
        `This registrar creates did:dpi DIDs: call POST /1.0/create?method=dpi${method ? `, not method=${method}` : ''}.`,
      );
    if (request.options?.clientSecretMode === false)
      throw new DidRegistryException(
        'SECRET_MODE_NOT_SUPPORTED',
        'This registry never holds private keys: leave options.clientSecretMode out or set it to true, and sign the signing request yourself.',
      );
    const document = Array.isArray(request.didDocument) ? request.didDocument[0] : request.didDocument;
    const requestHash = createHash('sha256')
      .update(canonicalJson({ operation, did: request.did ?? null, didDocument: document ?? null }))
      .digest('base64url');
    const signing = request.secret?.signingResponse
      ? Object.values(request.secret.signingResponse)[0]
      : undefined;
    const jobId = request.jobId ?? undefined;
    const job = jobId ? await this.jobs.find(jobId) : undefined;
    if (job) {
      if (job.requestHash !== requestHash)
        throw new DidRegistryException(
          'JOB_CONFLICT',
          `Job ${job.jobId} belongs to a different request; use a new jobId (or none) for this one.`,
        );
      if (job.state === 'finished') return { status: job.status, body: job.response };
      if (job.expiresAt <= this.clock.now())
        throw new DidRegistryException(
          'JOB_EXPIRED',
          `Job ${job.jobId} expired at ${didDateTime(job.expiresAt)} before it was signed; start again without the jobId.`,
        );
      if (!signing) return { status: job.status, body: job.response };
    }
    const signedAgainst = job
      ? (
          job.response.didState as {
            signingRequest: Record<string, { payload: { previousVersionId?: string } }>;
          }
        ).signingRequest[SIGNING_REQUEST_ID]?.payload.previousVersionId
      : request.options?.previousVersionId;
    if (signing && !job && operation !== 'create' && !signedAgainst)
      throw new DidRegistryException(
        'PREVIOUS_VERSION_REQUIRED',
        `A signed ${operation} sent without a job must say in options.previousVersionId which version it replaces.`,
      );
    const prepared =
      operation === 'create'
        ? await this.dids.prepareCreate(document, request.did)
        : await this.dids.prepareChange(operation, request.did, document, signedAgainst);
    if (!signing) return this.ask(jobId ?? randomUUID(), requestHash, prepared);
    const proof = didOperationJws(prepared.payload, {
      signature: signing.signature as string,
      kid: signing.kid ?? prepared.suggestedKid,
      alg: signing.alg ?? 'Ed25519',
    });
    let answer: RegistrarAnswer | undefined;
    await this.dids.apply(prepared, proof, async (manager, result) => {
      answer = finished(operation, result);
      if (jobId) {
        const now = this.clock.now();
        await this.jobs.save(
          {
            jobId,
            requestHash,
            state: 'finished',
            status: answer.status,
            response: answer.body,
            createdAt: job?.createdAt ?? now,
            expiresAt: job?.expiresAt ?? now,
          },
          manager,
        );
      }
    });
    return answer as RegistrarAnswer;
  }

  private async ask(
    jobId: string,
    requestHash: string,
    prepared: PreparedDidOperation,
  ): Promise<RegistrarAnswer> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.REGISTRAR_JOB_TTL_MS);
    const body = {
      jobId,
      didState: {
        state: 'action',
        action: 'signPayload',
        did: prepared.did,
        description: `Sign serializedPayload (base64url of the exact bytes) with ${prepared.suggestedKid} (Ed25519), then call again with this jobId, the same request and secret.signingResponse.${SIGNING_REQUEST_ID}.signature.`,
        ...(prepared.document ? { didDocument: prepared.document } : {}),
        signingRequest: { [SIGNING_REQUEST_ID]: didSigningRequest(prepared.payload, prepared.suggestedKid) },
      },
      didRegistrationMetadata: { jobExpires: didDateTime(expiresAt) },
      didDocumentMetadata: {},
    };
    const job: RegistrarJob = {
      jobId,
      requestHash,
      state: 'action',
      status: 200,
      response: body,
      createdAt: now,
      expiresAt,
    };
    await this.jobs.save(job);
    return { status: 200, body };
  }
}

function finished(operation: DidOperationType, result: DidWriteResult): RegistrarAnswer {
  const metadata = {
    created: didDateTime(result.created),
    ...(result.version.version > 1 ? { updated: didDateTime(result.version.versionTime) } : {}),
    ...(operation === 'deactivate' ? { deactivated: true } : {}),
    versionId: String(result.version.version),
  };
  return {
    status: operation === 'create' ? 201 : 200,
    body: {
      jobId: null,
      didState: {
        state: 'finished',
        did: result.did,
        ...(result.document ? { didDocument: result.document } : {}),
      },
      didRegistrationMetadata: {
        versionTime: didDateTime(result.version.versionTime),
        entryHash: result.version.entryHash,
      },
      didDocumentMetadata: metadata,
    },
  };
}
