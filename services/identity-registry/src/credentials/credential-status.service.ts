import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { SandboxClock } from '../dids/sandbox.clock';
import { CredentialEventPublisher } from './credential-event.publisher';
import { CredentialException } from './credential.exception';
import { CredentialRepository, type CredentialRecord } from './credential.repository';
import { StatusListRepository } from './status-list.repository';

/** A status change asked for. */
export type StatusChange = 'revoke' | 'suspend' | 'unsuspend';

/** A credential's status as its issuer's lists say it. */
export interface CredentialState {
  id: string;
  issuer: string;
  status: 'active' | 'suspended' | 'revoked';
  revoked: boolean;
  suspended: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Revokes (for good), suspends and reinstates credentials by flipping their bits in the issuer's status
 * lists. The credential's row lock makes check-then-set safe for one credential; the bit flips
 * themselves are atomic, so changes to other credentials of the same list are never lost.
 */
@Injectable()
export class CredentialStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialRepository,
    private readonly statusLists: StatusListRepository,
    private readonly clock: SandboxClock,
    private readonly events: CredentialEventPublisher,
  ) {}

  /**
   * Applies `change` and announces it on identity.credentials in the same transaction; repeating one is
   * harmless (`changed: false`, nothing published). Reinstating a revoked credential is refused.
   */
  async change(rawId: string, change: StatusChange): Promise<CredentialState & { changed: boolean }> {
    const id = credentialId(rawId);
    return this.dataSource.transaction(async (manager) => {
      const record = await this.credentials.find(id, manager, true);
      if (!record)
        throw new CredentialException(
          'CREDENTIAL_NOT_FOUND',
          `No credential ${id} was issued by this registry.`,
        );
      const before = await this.read(record, manager);
      if (before.revoked && change !== 'revoke')
        throw new CredentialException(
          'CREDENTIAL_REVOKED',
          `${id} is revoked, and revocation is permanent: it cannot be ${change === 'suspend' ? 'suspended' : 'reinstated'}. Issue a new credential instead.`,
        );
      const now = this.clock.now();
      const changed =
        change === 'revoke'
          ? await this.statusLists.setBit(
              manager,
              record.revocation.listId,
              record.revocation.index,
              true,
              now,
            )
          : await this.statusLists.setBit(
              manager,
              record.suspension.listId,
              record.suspension.index,
              change === 'suspend',
              now,
            );
      // Only a real change is news; repeating one publishes nothing.
      if (changed) await this.events.statusChanged(manager, record, change, now);
      return { ...(await this.read(record, manager)), changed };
    });
  }

  /** The current state of an issued credential. */
  async state(record: CredentialRecord): Promise<CredentialState> {
    return this.read(record);
  }

  private async read(record: CredentialRecord, manager?: EntityManager): Promise<CredentialState> {
    const revoked =
      (await this.statusLists.bit(record.revocation.listId, record.revocation.index, manager))?.set === true;
    const suspended =
      (await this.statusLists.bit(record.suspension.listId, record.suspension.index, manager))?.set === true;
    return {
      id: record.id,
      issuer: record.issuerDid,
      status: revoked ? 'revoked' : suspended ? 'suspended' : 'active',
      revoked,
      suspended,
    };
  }
}

/** The urn:uuid: id of a credential from a path segment that may give the bare UUID. */
function credentialId(raw: string): string {
  const uuid = raw.toLowerCase().startsWith('urn:uuid:') ? raw.slice(9).toLowerCase() : raw.toLowerCase();
  if (!UUID.test(uuid))
    throw new CredentialException(
      'INVALID_CREDENTIAL_ID',
      `${raw.slice(0, 80)} is not a credential id; ids are urn:uuid:<uuid> as in the credential's "id".`,
    );
  return `urn:uuid:${uuid}`;
}
