import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DIDDocument } from 'did-resolver';
import { DataSource, type EntityManager } from 'typeorm';

import {
  canonicalJson,
  DID_OPERATION_JWS_TYPE,
  didKeyDocument,
  didOperationPayload,
  isDidDpi,
  parseDidUrl,
  signCompactJws,
  type DidOperationPayload,
  type DidOperationType,
} from '@dpi/did';

import { DID_EVENT_SINK, type DidEventSink } from './did-event.sink';
import { firstCapabilityInvocation, type DidDocumentValidator } from './did-document.validator';
import { DidRegistryException } from './did-registry.exception';
import {
  didDateTime,
  HistoryIntegrityError,
  sealVersion,
  verifyHistory,
  type DidVersion,
} from './did-history';
import { verifyOperationProof } from './did-proof.verifier';
import { DidVersionRepository, VersionTakenError } from './did-version.repository';
import { SandboxClock } from './sandbox.clock';

/** Injection token of the DidDocumentValidator (built from the contract schema). */
export const DID_DOCUMENT_VALIDATOR = Symbol('DID_DOCUMENT_VALIDATOR');
/** Injection token of the callback that drops a DID from the resolution cache after a write. */
export const DID_CACHE_INVALIDATOR = Symbol('DID_CACHE_INVALIDATOR');

/** An operation checked and normalised, ready to be signed and applied. */
export interface PreparedDidOperation {
  operation: DidOperationType;
  did: string;
  /** The new document (create, update). */
  document?: DIDDocument;
  /** The versionId the operation replaces (update, deactivate). */
  previousVersionId?: string;
  /** The key expected to sign: the inception key on create, the first capabilityInvocation key otherwise. */
  suggestedKid: string;
  /** The payload the proof must sign. */
  payload: DidOperationPayload;
}

/** A version written. */
export interface DidWriteResult {
  did: string;
  version: DidVersion;
  document: DIDDocument | null;
  /** When version 1 was written. */
  created: Date;
}

/** Work the caller adds to the write's transaction (the registrar records its job outcome there). */
export type InTransaction = (manager: EntityManager, result: DidWriteResult) => Promise<void>;

const EVENT_TYPES = { create: 'created', update: 'updated', deactivate: 'deactivated' } as const;

/**
 * The registry's DID rules: validation, proofs, the version chain. Every write goes through apply(), one
 * database transaction that appends the version, records the DID event and runs the caller's extra work.
 */
@Injectable()
export class DidService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: DidVersionRepository,
    @Inject(DID_DOCUMENT_VALIDATOR) private readonly validator: DidDocumentValidator,
    @Inject(DID_EVENT_SINK) private readonly events: DidEventSink,
    @Inject(DID_CACHE_INVALIDATOR) private readonly invalidate: (did: string) => void,
    private readonly clock: SandboxClock,
  ) {}

  /** A DID's verified history, oldest first; [] if it was never created. Throws HistoryIntegrityError on tampering. */
  async history(did: string, manager?: EntityManager): Promise<DidVersion[]> {
    const versions = await this.versions.history(did, manager);
    try {
      verifyHistory(versions);
    } catch (error) {
      if (!(error instanceof HistoryIntegrityError)) throw error;
      throw new DidRegistryException(
        'HISTORY_INTEGRITY',
        `The stored history of ${did} failed its integrity check; the registry refuses to build on it. Report this to the operator.`,
        {},
        { cause: error },
      );
    }
    return versions;
  }

  /** Validates a new DID document and derives its DID; `expectedDid` (the request's `did`) must match. */
  async prepareCreate(input: unknown, expectedDid?: string | null): Promise<PreparedDidOperation> {
    const { did, document, inceptionKid } = this.validator.validate(input, { operation: 'create' });
    if (expectedDid && expectedDid !== did)
      throw new DidRegistryException(
        'DID_MISMATCH',
        `The request names ${expectedDid}, but the inception key derives ${did}.`,
      );
    const existing = await this.history(did);
    if (existing.length > 0) throw this.exists(did, existing);
    const payload = didOperationPayload({ operation: 'create', did, document });
    return { operation: 'create', did, document, suggestedKid: inceptionKid as string, payload };
  }

  /** Checks an update or deactivation against the DID's current version (stale, unknown, deactivated). */
  async prepareChange(
    operation: 'update' | 'deactivate',
    did: unknown,
    input: unknown,
    previousVersionId?: string,
  ): Promise<PreparedDidOperation> {
    const target = this.checkDid(did);
    const head = this.current(target, await this.history(target));
    const document =
      operation === 'update'
        ? this.validator.validate(input, { operation: 'update', did: target }).document
        : undefined;
    this.checkNotStale(target, head, previousVersionId ?? String(head.version));
    const headDocument = JSON.parse(head.document as string) as DIDDocument;
    const payload = didOperationPayload({
      operation,
      did: target,
      previousVersionId: previousVersionId ?? String(head.version),
      document,
    });
    return {
      operation,
      did: target,
      ...(document ? { document } : {}),
      previousVersionId: previousVersionId ?? String(head.version),
      suggestedKid: firstCapabilityInvocation(headDocument)?.id ?? `${target}#`,
      payload,
    };
  }

  /** Creates a DID whose inception key the server holds (issuer and seeded DIDs), through the same checks as any create. */
  async createWithServerKey(input: unknown, privateKey: KeyObject): Promise<DidWriteResult> {
    const prepared = await this.prepareCreate(input);
    const proof = signCompactJws(
      { kid: prepared.suggestedKid, typ: DID_OPERATION_JWS_TYPE },
      canonicalJson(prepared.payload),
      privateKey,
    );
    return this.apply(prepared, proof);
  }

  /**
   * The one write path: in a single transaction, re-reads the DID's chain, checks the operation against it
   * and the proof against the authorised keys, appends the sealed version, records the DID event and runs
   * `inTransaction`. A concurrent writer of the same version loses with STALE_VERSION (or DID_ALREADY_EXISTS).
   */
  async apply(
    prepared: PreparedDidOperation,
    proof: string,
    inTransaction?: InTransaction,
  ): Promise<DidWriteResult> {
    const { operation, did } = prepared;
    let result: DidWriteResult;
    try {
      result = await this.dataSource.transaction(async (manager) => {
        const history = await this.history(did, manager);
        const head = history.at(-1);
        if (operation === 'create' && head) throw this.exists(did, history);
        const current = operation === 'create' ? undefined : this.current(did, history);
        if (current) this.checkNotStale(did, current, prepared.previousVersionId as string);
        const authorising =
          operation === 'create'
            ? prepared.document
            : (JSON.parse(current?.document as string) as DIDDocument);
        await verifyOperationProof(
          proof,
          prepared.payload,
          authorising as DIDDocument,
          (controller) => this.controllerDocument(controller, manager),
          operation === 'create' ? prepared.suggestedKid : undefined,
        );
        const now = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
        const version = sealVersion(
          {
            did,
            version: (head?.version ?? 0) + 1,
            operation,
            document: prepared.document ? canonicalJson(prepared.document) : null,
            // Versions never go back in time, so versionTime resolution stays well defined.
            versionTime: head && head.versionTime > now ? head.versionTime : now,
            proof,
          },
          head,
        );
        await this.versions.append(manager, version);
        const written: DidWriteResult = {
          did,
          version,
          document: prepared.document ?? null,
          created: history[0]?.versionTime ?? version.versionTime,
        };
        await this.events.record(manager, {
          type: EVENT_TYPES[operation],
          did,
          versionId: String(version.version),
          time: version.versionTime,
        });
        await inTransaction?.(manager, written);
        return written;
      });
    } catch (error) {
      if (error instanceof VersionTakenError)
        throw operation === 'create'
          ? new DidRegistryException('DID_ALREADY_EXISTS', `${did} was created by a concurrent request.`)
          : new DidRegistryException(
              'STALE_VERSION',
              `Another change to ${did} was written first; resolve it, rebuild your change on its new version and sign again.`,
            );
      throw error;
    } finally {
      this.invalidate(did);
    }
    return result;
  }

  private exists(did: string, history: DidVersion[]): DidRegistryException {
    const deactivated = history.at(-1)?.operation === 'deactivate';
    return new DidRegistryException(
      'DID_ALREADY_EXISTS',
      `${did} exists already (created ${didDateTime(history[0]?.versionTime as Date)}${deactivated ? ', since deactivated for good' : ''}); ${deactivated ? 'make a new key for a new DID' : 'update it instead'}.`,
    );
  }

  private checkDid(did: unknown): string {
    if (typeof did !== 'string' || !parseDidUrl(did) || parseDidUrl(did)?.did !== did)
      throw new DidRegistryException(
        'INVALID_DID',
        `${typeof did === 'string' ? did : 'did'} is not a DID; give the did:dpi DID to change in "did".`,
      );
    if (!did.startsWith('did:dpi:'))
      throw new DidRegistryException(
        'METHOD_NOT_SUPPORTED',
        `This registrar writes did:dpi DIDs only, not ${did.split(':')[1]}.`,
      );
    if (!isDidDpi(did))
      throw new DidRegistryException(
        'INVALID_DID',
        `${did} is not a valid did:dpi DID (base58btc of 16 bytes after did:dpi:).`,
      );
    return did;
  }

  /** The latest version, which must exist and not be a deactivation. */
  private current(did: string, history: DidVersion[]): DidVersion {
    const head = history.at(-1);
    if (!head)
      throw new DidRegistryException('DID_NOT_FOUND', `${did} is not registered here; create it first.`);
    if (head.operation === 'deactivate')
      throw new DidRegistryException(
        'DID_DEACTIVATED',
        `${did} was deactivated at ${didDateTime(head.versionTime)}; deactivation is permanent.`,
      );
    return head;
  }

  private checkNotStale(did: string, head: DidVersion, previousVersionId: string): void {
    if (previousVersionId !== String(head.version))
      throw new DidRegistryException(
        'STALE_VERSION',
        `The operation replaces version ${previousVersionId} of ${did}, but its current version is ${head.version}: it was built on a stale version or replayed. Resolve the DID, rebuild the change on version ${head.version} and sign it again.`,
        { currentVersionId: String(head.version) },
      );
  }

  private async controllerDocument(
    controller: string,
    manager: EntityManager,
  ): Promise<DIDDocument | undefined> {
    if (controller.startsWith('did:key:')) {
      try {
        return didKeyDocument(controller);
      } catch {
        return undefined;
      }
    }
    if (!isDidDpi(controller)) return undefined;
    const head = (await this.history(controller, manager)).at(-1);
    return head?.document ? (JSON.parse(head.document) as DIDDocument) : undefined;
  }
}
