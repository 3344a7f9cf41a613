import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A fact about a DID that other services must learn (Kafka, through the outbox, later). */
export interface DidEvent {
  type: 'created' | 'updated' | 'deactivated';
  did: string;
  versionId: string;
  time: Date;
}

/** Records a DID event inside the transaction that writes the version, so neither exists without the other. */
export interface DidEventSink {
  record(manager: EntityManager, event: DidEvent): Promise<void>;
}

/** Injection token of the DidEventSink. */
export const DID_EVENT_SINK = Symbol('DID_EVENT_SINK');

/** The default sink: an append-only did_event table with a sequence, which a relay can publish from. */
@Injectable()
export class DidEventTableSink implements DidEventSink {
  async record(manager: EntityManager, event: DidEvent): Promise<void> {
    await manager.query(
      'INSERT INTO did_event (type, did, version_id, occurred_at) VALUES ($1, $2, $3, $4)',
      [event.type, event.did, event.versionId, event.time],
    );
  }
}
