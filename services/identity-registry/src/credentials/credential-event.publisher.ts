import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { MessagingRuntime } from '@dpi/service-kit';

import type { CredentialRecord } from './credential.repository';
import type { StatusChange } from './credential-status.service';

/** The topic of credential status facts (contracts/asyncapi/identity.asyncapi.yaml). */
export const CREDENTIAL_EVENTS_TOPIC = 'identity.credentials';

/** The CloudEvents type of each status change. */
export const CREDENTIAL_EVENT_TYPES: Readonly<Record<StatusChange, string>> = {
  revoke: 'org.dpi.identity.credential.revoked.v1',
  suspend: 'org.dpi.identity.credential.suspended.v1',
  unsuspend: 'org.dpi.identity.credential.reinstated.v1',
};

const STATUS_AFTER: Readonly<Record<StatusChange, 'revoked' | 'suspended' | 'active'>> = {
  revoke: 'revoked',
  suspend: 'suspended',
  unsuspend: 'active',
};

/**
 * Announces a credential's status change as a signed event in the messaging outbox, in the transaction
 * that flips its status bit, so a participant whose licence is revoked or suspended is known to every
 * service within the relay's delay rather than at their next status list fetch. Keyed by the subject
 * DID: one participant's changes stay in order. Carries no more than a verifier could read from the
 * credential and its status list anyway.
 */
@Injectable()
export class CredentialEventPublisher {
  constructor(private readonly messaging: MessagingRuntime) {}

  async statusChanged(
    manager: EntityManager,
    record: CredentialRecord,
    change: StatusChange,
    time: Date,
  ): Promise<void> {
    const role = roleOf(record.jws);
    await this.messaging.outbox.enqueue(manager, {
      topic: CREDENTIAL_EVENTS_TOPIC,
      key: record.subjectDid,
      type: CREDENTIAL_EVENT_TYPES[change],
      subject: record.subjectDid,
      data: {
        credentialId: record.id,
        credentialType: record.type,
        issuer: record.issuerDid,
        subject: record.subjectDid,
        ...(role ? { role } : {}),
        status: STATUS_AFTER[change],
        time: time.toISOString(),
      },
    });
  }
}

/** The organisation role a vc+jwt the registry issued states, if any. */
function roleOf(jws: string): string | undefined {
  const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    credentialSubject?: { role?: unknown };
  };
  const role = payload.credentialSubject?.role;
  return typeof role === 'string' ? role : undefined;
}
