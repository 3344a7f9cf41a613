import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DID_EVENTS_TOPIC } from '@dpi/messaging';
import { MessagingRuntime } from '@dpi/service-kit';

import { DidEventTableSink, type DidEvent, type DidEventSink } from './did-event.sink';

/** The CloudEvents type of each DID event (contracts/asyncapi/identity.asyncapi.yaml). */
export const DID_EVENT_TYPES: Readonly<Record<DidEvent['type'], string>> = {
  created: 'org.dpi.identity.did.created.v1',
  updated: 'org.dpi.identity.did.updated.v1',
  deactivated: 'org.dpi.identity.did.deactivated.v1',
};

/**
 * Records a DID event twice in the version's own transaction: in the registry's permanent, append-only
 * did_event log, and as a signed event in the messaging outbox, which the relay publishes on
 * identity.dids (keyed by DID) so other services drop their cached document.
 */
@Injectable()
export class OutboxDidEventSink implements DidEventSink {
  private readonly log = new DidEventTableSink();

  constructor(private readonly messaging: MessagingRuntime) {}

  async record(manager: EntityManager, event: DidEvent): Promise<void> {
    await this.log.record(manager, event);
    await this.messaging.outbox.enqueue(manager, {
      topic: DID_EVENTS_TOPIC,
      key: event.did,
      type: DID_EVENT_TYPES[event.type],
      subject: event.did,
      data: {
        did: event.did,
        versionId: event.versionId,
        time: event.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    });
  }
}
