import type { EntityManager } from 'typeorm';
import type { EnvelopeInput, EnvelopeSigner } from '../envelope.signer';
import type { SignedRecord } from '../kafka-record.types';

/**
 * Writes signed events into `messaging_outbox` inside the caller's transaction, so the business row and
 * the event commit or roll back together. The relay (OutboxRelay) publishes them afterwards.
 */
export class OutboxWriter {
  constructor(
    private readonly signer: EnvelopeSigner,
    /** Called after each enqueue; a relay in the same process uses it to publish without waiting a poll. */
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  /** Signs `input` and stores it in the outbox through `manager` (which must be inside a transaction). */
  async enqueue(manager: EntityManager, input: EnvelopeInput): Promise<SignedRecord> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.enqueue needs the EntityManager of an open transaction');
    }
    const record = this.signer.sign(input);
    const key =
      record.key === null ? null : Buffer.isBuffer(record.key) ? record.key : Buffer.from(record.key, 'utf8');
    await manager.query(
      'INSERT INTO messaging_outbox (topic, record_key, value, headers, event_type) VALUES ($1, $2, $3, $4, $5)',
      [input.topic, key, record.value, JSON.stringify(record.headers), input.type],
    );
    this.onEnqueued();
    return record;
  }
}
