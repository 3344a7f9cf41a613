import { systemClock, type Clock } from '@dpi/did';
import type { ConsumedRecord } from './kafka-record.types';

/** The dead-letter topic of a topic. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}

/** Longest `dlt_detail` kept; details are diagnostics, not payload copies. */
export const MAX_DLT_DETAIL_CHARS = 1_024;

/** A record ready for kafkajs, addressed to the dead-letter topic. */
export interface DeadLetterRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | Array<Buffer | string>>;
}

/**
 * Builds the dead-letter record of a rejected one: the original key, value bytes and headers untouched,
 * plus `dlt_*` headers saying why and where it came from (any earlier `dlt_*` headers are replaced).
 */
export function deadLetterRecord(
  record: ConsumedRecord,
  failure: { reason: string; detail: string },
  clock: Clock = systemClock,
): DeadLetterRecord {
  // Header names come from the record: a null-prototype object keeps `__proto__` or `constructor` as
  // ordinary headers instead of touching the object's prototype.
  const headers = Object.create(null) as DeadLetterRecord['headers'];
  for (const [name, value] of Object.entries(record.headers)) {
    if (value !== undefined && !name.startsWith('dlt_')) headers[name] = value;
  }
  headers.dlt_reason = failure.reason;
  headers.dlt_detail = failure.detail.slice(0, MAX_DLT_DETAIL_CHARS);
  headers.dlt_origin_topic = record.topic;
  headers.dlt_origin_partition = String(record.partition);
  headers.dlt_origin_offset = record.offset;
  headers.dlt_time = clock.now().toISOString();
  return { topic: deadLetterTopic(record.topic), key: record.key, value: record.value, headers };
}
